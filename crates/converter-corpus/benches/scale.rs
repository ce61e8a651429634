//! How the converter scales: `cargo bench -p converter-corpus --bench scale`.
//!
//! 1. Any collection files named after `ladder` (`cargo bench -p
//!    converter-corpus --bench scale -- ladder zoho.json`: Zoho's own
//!    collection, once a maintainer has it), the two largest collections
//!    written by others in the corpus, then a size ladder of Zoho-shaped
//!    collections, 1 MB to 70 MB (the size of Zoho's own public
//!    collection): for each, the floor (read and parse the text into a
//!    `serde_json::Value`), this converter and postman2openapi (or that it
//!    fails), with CPU time and peak heap memory, and how much of its
//!    example bodies repeat an earlier one (which the converter reads once).
//! 2. Growth in the shapes that used to be quadratic: many requests, many
//!    requests of one name, one example object with many keys.
//!
//! Every job starts from the file, as the command line does and as issue 12
//! defines the floor ("read the file and parse it"): the floor reads it and
//! parses it into a `serde_json::Value`, ours reads it, converts it and
//! prints the document, postman2openapi reads it and converts it. Peak
//! memory is measured by a counting global allocator: heap bytes live at
//! once, above what was live when the job started, less the file's text,
//! which every job holds alike. CPU time is the time every thread of the
//! process spent on a CPU (the kernel's process clock), so work on
//! other cores counts. The jobs on one input take turns, round after
//! round, and each is timed by its fastest round.
//!
//! Each job is also run cold: in a process of its own (this binary, started
//! with `--job`), as a user runs the command line once, timed by the CPU
//! time the whole process spent. Warm rounds reuse memory the process freed
//! in earlier rounds; a cold run pays the kernel for every page its heap
//! touches, which is a large part of what parsing into a `Value` costs.
//! What starting the process costs (about a millisecond: loading and
//! relocating the binary) is measured in the same rounds, by the `none`
//! job, which does nothing, and taken off each cold time: otherwise it
//! would be most of a small collection's cold time, and every ratio would
//! lean towards 1.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use converter_corpus::repetition::body_repetition;
use converter_corpus::zoho_like::{Bodies, zoho_like_collection, zoho_like_collection_with};
use serde_json::json;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// CPU time of this whole process so far, every thread counted: the
/// kernel's process clock, exact to the moment it is read (zero if it cannot
/// be read). `/proc/self/stat` counts in 10 ms ticks, and the scheduler's
/// `schedstat` totals lag the running thread by up to a tick, most of what a
/// small collection's cold run costs.
fn cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the call to fill.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    if status != 0 {
        return Duration::ZERO;
    }
    let seconds = u64::try_from(now.tv_sec).unwrap_or(0);
    let nanoseconds = u32::try_from(now.tv_nsec).unwrap_or(0);
    Duration::new(seconds, nanoseconds)
}

/// One run of a job.
struct Sample {
    /// CPU time or wall time, whichever is longer: CPU counts work on other
    /// cores, wall counts waiting.
    time: Duration,
    wall: Duration,
    /// Peak heap bytes above what was live when the job started.
    peak_bytes: usize,
    /// What the job returned.
    result: usize,
}

/// Runs `job` once; `held` bytes (the file's text, which every job reads)
/// are not counted in its peak.
fn run_once(held: usize, job: impl FnOnce() -> usize) -> Sample {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let (start, cpu_start) = (Instant::now(), cpu_time());
    let result = std::hint::black_box(job());
    let wall = start.elapsed();
    let cpu = cpu_time().saturating_sub(cpu_start);
    Sample {
        time: cpu.max(wall),
        wall,
        peak_bytes: PEAK
            .load(Ordering::Relaxed)
            .saturating_sub(base)
            .saturating_sub(held),
        result,
    }
}

/// The median of `values` (0 when there are none).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

/// Reads the file at `path`, as every job does first.
fn read(path: &Path) -> String {
    match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => panic!("cannot read {}: {error}", path.display()),
    }
}

/// What the command line does: read the file, convert, then print the
/// document (into a sink that counts bytes, as the floor writes nothing
/// either).
fn ours(path: &Path) -> usize {
    let text = read(path);
    let conversion = match postman_openapi::convert_streaming(&text) {
        Ok(conversion) => conversion,
        Err(error) => panic!("our converter failed: {error}"),
    };
    let mut sink = CountingSink(0);
    match conversion.write_document(&mut sink) {
        Ok(_) => sink.0,
        Err(error) => panic!("writing failed: {error}"),
    }
}

/// Counts what is written to it.
struct CountingSink(usize);

impl std::io::Write for CountingSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 = self.0.saturating_add(bytes.len());
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn theirs(path: &Path) -> usize {
    let text = read(path);
    let options = postman2openapi::TranspileOptions {
        format: postman2openapi::TargetFormat::Json,
    };
    postman2openapi::from_str(&text, options).map_or(0, |output| output.len())
}

/// Issue 12's floor: read the file and parse it into a `Value`.
fn floor(path: &Path) -> usize {
    let text = read(path);
    serde_json::from_str::<serde_json::Value>(&text).map_or(0, |value| value.is_object() as usize)
}

/// Collections given on the command line, then the corpus's largest and the
/// Zoho-shaped ladder (see the module's documentation).
fn size_ladder(named: Vec<PathBuf>) {
    println!(
        "Real collections, then the Zoho-shaped size ladder (fastest of interleaved rounds; time = CPU or wall, whichever is longer):"
    );
    println!(
        "{:>7} | {:>9} {:>8} | {:>9} {:>8} {:>6} {:>6} | {:>9} {:>8} {:>7} {:>7} | {:>10} {:>10} {:>10}",
        "MB",
        "floor ms",
        "floor MB",
        "ours ms",
        "ours MB",
        "×floor",
        "mem×",
        "p2o ms",
        "p2o MB",
        "p2o/us",
        "p2o×flr",
        "cold ×flr",
        "cold p2o/us",
        "cold ms: floor/ours+start"
    );
    let scratch = Scratch::new();
    let mut inputs = Vec::new();
    let named = named
        .into_iter()
        .map(|path| (path.display().to_string(), path));
    for (index, (label, path)) in named.chain(largest_real_collections(2)).enumerate() {
        // postman2openapi rejects a collection whose `info.version` is not
        // text (Box's is an object): such a collection again, with that one
        // field made text, so that the two converters can be compared on it.
        let readable = with_text_version(&path);
        inputs.push((label.clone(), path));
        if let Some(readable) = readable {
            let path = scratch.write(&format!("text-version-{index}.json"), &readable);
            inputs.push((format!("{label}, info.version as text"), path));
        }
    }
    for megabytes in [1usize, 4, 16, 70] {
        let path = scratch.write(
            &format!("zoho-shaped-{megabytes}mb.json"),
            &zoho_like_collection(megabytes * 1_000_000),
        );
        inputs.push((format!("Zoho-shaped {megabytes} MB"), path));
    }
    // The same 70 MB with no body recorded twice: converting reads a
    // repeated body once, and this is the case where that never helps.
    let path = scratch.write(
        "zoho-shaped-70mb-distinct.json",
        &zoho_like_collection_with(70_000_000, Bodies::Distinct),
    );
    inputs.push(("Zoho-shaped 70 MB, every body distinct".to_string(), path));
    for (name, path) in inputs {
        println!("{name}: {}", describe_bodies(&path));
        let bytes = std::fs::metadata(&path).map_or(0, |metadata| metadata.len() as usize);
        let size = bytes as f64 / 1e6;
        let megabytes = bytes / 1_000_000;
        // The jobs take turns, round after round, and each is timed by its
        // fastest round: on this VM a run is slowed by a third now and then
        // (never sped up), and timing each job in a block of its own, seconds
        // apart, compared the machine's moments instead of the jobs.
        // Each job gets as many rounds as the others.
        // A job of a few milliseconds is timed by more rounds: its fastest
        // round is otherwise as much the VM's moment as the job.
        let rounds = match megabytes {
            16.. => 3,
            2.. => 7,
            _ => 25,
        };
        let (mut floors, mut ourses, mut theirses) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            floors.push(run_once(bytes, || floor(&path)));
            ourses.push(run_once(bytes, || ours(&path)));
            theirses.push(run_once(bytes, || theirs(&path)));
        }
        // A small collection's cold run is a few milliseconds: more rounds
        // keep its fastest from being the VM's moment.
        let cold_rounds = rounds.min(15);
        let (mut cold_starts, mut cold_floors, mut cold_ourses, mut cold_theirses) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..cold_rounds {
            cold_starts.extend(run_cold("none", &path));
            cold_floors.extend(run_cold("floor", &path));
            cold_ourses.extend(run_cold("ours", &path));
            cold_theirses.extend(run_cold("theirs", &path));
        }
        let fastest = |runs: &[(Duration, usize)]| {
            runs.iter()
                .map(|(time, _)| time.as_secs_f64())
                .fold(f64::INFINITY, f64::min)
        };
        // Each cold time less what starting the process costs.
        let startup = fastest(&cold_starts);
        let net = |runs: &[(Duration, usize)]| (fastest(runs) - startup).max(0.0);
        // Where the floor's own cold time is within the noise of starting
        // a process, no ratio is shown.
        let measurable = net(&cold_floors) >= COLD_MEASURABLE_SECONDS;
        let cold_ratio = if measurable {
            format!("{:.2}", net(&cold_ourses) / net(&cold_floors))
        } else {
            "—".to_string()
        };
        let cold_versus = if cold_theirses.iter().any(|(_, result)| *result == 0) {
            "fails".to_string()
        } else if measurable {
            format!("{:.2}", net(&cold_theirses) / net(&cold_ourses))
        } else {
            "—".to_string()
        };
        let seconds = |samples: &[Sample]| {
            samples
                .iter()
                .map(|s| s.time.as_secs_f64())
                .fold(f64::INFINITY, f64::min)
        };
        let ratio = |over: &[Sample], under: &[Sample]| seconds(over) / seconds(under);
        let peak = |samples: &[Sample]| {
            samples.iter().map(|s| s.peak_bytes).max().unwrap_or(0) as f64 / 1e6
        };
        // postman2openapi gives up on some collections (an error, no
        // document): its time then is the time to fail, not to convert.
        let versus = if theirses.iter().any(|sample| sample.result == 0) {
            "fails".to_string()
        } else {
            format!("{:.2}", ratio(&theirses, &ourses))
        };
        println!(
            "{size:>7.1} | {:>9.0} {:>8.0} | {:>9.0} {:>8.0} {:>6.2} {:>6.2} | {:>9.0} {:>8.0} {:>7} {:>7} | {:>10} {:>10} {:>10}",
            seconds(&floors) * 1e3,
            peak(&floors),
            seconds(&ourses) * 1e3,
            peak(&ourses),
            ratio(&ourses, &floors),
            peak(&ourses) / size,
            seconds(&theirses) * 1e3,
            peak(&theirses),
            versus,
            // How far postman2openapi itself is from the floor: being 3x
            // faster than it needs it above 3x the floor.
            format!("{:.2}", ratio(&theirses, &floors)),
            cold_ratio,
            cold_versus,
            format!(
                "{:.1}/{:.1}+{:.1}",
                net(&cold_floors) * 1e3,
                net(&cold_ourses) * 1e3,
                startup * 1e3
            ),
        );
    }
}

/// How many example bodies the collection at `path` records and how much of
/// them repeats an earlier body (which the converter reads once).
fn describe_bodies(path: &Path) -> String {
    let Ok(collection) = serde_json::from_str(&read(path)) else {
        return "not JSON".to_string();
    };
    let count = body_repetition(&collection);
    format!(
        "{} example bodies, {:.1} MB, {:.0}% of their bytes repeat an earlier body",
        count.bodies,
        count.bytes as f64 / 1e6,
        count.repeated_share() * 100.0
    )
}

/// The collection at `path` with its `info.version` made text, or `None`
/// when it already is text (or the file does not read).
fn with_text_version(path: &Path) -> Option<String> {
    let mut collection: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let info = collection.get_mut("info")?.as_object_mut()?;
    if info.get("version").is_none_or(serde_json::Value::is_string) {
        return None;
    }
    info.insert("version".into(), json!("1.0.0"));
    serde_json::to_string_pretty(&collection).ok()
}

/// The `count` largest collections written by others in the corpus, by
/// bytes, largest first.
fn largest_real_collections(count: usize) -> Vec<(String, PathBuf)> {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/real");
    let mut collections: Vec<(String, PathBuf, u64)> = std::fs::read_dir(&real)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|folder| {
            let path = folder.path().join("collection.json");
            let bytes = std::fs::metadata(&path).ok()?.len();
            Some((
                folder.file_name().to_string_lossy().into_owned(),
                path,
                bytes,
            ))
        })
        .collect();
    collections.sort_by_key(|(_, _, bytes)| std::cmp::Reverse(*bytes));
    collections
        .into_iter()
        .take(count)
        .enumerate()
        .map(|(rank, (name, path, _))| {
            let label = if rank == 0 {
                format!("largest real collection ({name})")
            } else {
                format!("next largest real collection ({name})")
            };
            (label, path)
        })
        .collect()
}

/// A folder for generated collections, which the jobs read as files;
/// removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        let folder = std::env::temp_dir().join(format!("converter-scale-{}", std::process::id()));
        if let Err(error) = std::fs::create_dir_all(&folder) {
            panic!("cannot make {}: {error}", folder.display());
        }
        Scratch(folder)
    }

    /// Writes `text` to the file `name` in the folder; returns its path.
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        if let Err(error) = std::fs::write(&path, text) {
            panic!("cannot write {}: {error}", path.display());
        }
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn request_items(count: usize, name: impl Fn(usize) -> String) -> String {
    let items: Vec<_> = (0..count)
        .map(|index| {
            json!({"name": name(index), "request": {"method": "GET",
                "url": {"raw": format!("https://api.test/r{index}"), "host": ["https://api.test"], "path": [format!("r{index}")]}},
                "response": [{"name": "ok", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}],
                    "body": format!("{{\"id\": \"{index}\"}}")}]})
        })
        .collect();
    json!({"info": {"name": "growth", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": items})
    .to_string()
}

fn growth() {
    println!("\nGrowth (ours, median of 3; linear shows as a constant time per unit):");
    let scratch = Scratch::new();
    let report = |label: &str, units: usize, text: &str| {
        let path = scratch.write("growth.json", text);
        let wall = median(
            (0..3)
                .map(|_| run_once(text.len(), || ours(&path)).wall.as_secs_f64())
                .collect(),
        );
        println!(
            "  {label:<34} {units:>7} {:>9.0} ms {:>9.2} µs/unit",
            wall * 1e3,
            wall * 1e6 / units as f64
        );
    };
    for count in [10_000, 50_000, 100_000] {
        report(
            "requests",
            count,
            &request_items(count, |index| format!("Request {index}")),
        );
    }
    for count in [5_000, 20_000] {
        report(
            "requests of one name",
            count,
            &request_items(count, |_| "Get".to_string()),
        );
    }
    for keys in [10_000, 100_000] {
        let object: serde_json::Map<String, serde_json::Value> = (0..keys)
            .map(|key| (format!("field_{key}"), json!(key)))
            .collect();
        let text = json!({"info": {"name": "keys", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "Get", "request": {"method": "GET", "url": "https://api.test/x"},
                "response": [{"name": "ok", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}],
                    "body": serde_json::Value::Object(object).to_string()}]}]})
        .to_string();
        report("keys in one example object", keys, &text);
    }
}

/// The shortest cold floor, net of starting the process, for which cold
/// ratios are shown: starting one varies by about a tenth of a millisecond.
const COLD_MEASURABLE_SECONDS: f64 = 0.002;

/// Runs `job` on the file at `path` in a process of its own (this binary,
/// started with `--job`); returns the CPU time the whole process spent and
/// what the job returned, or nothing when the run failed.
fn run_cold(job: &str, path: &Path) -> Option<(Duration, usize)> {
    let exe = std::env::current_exe().ok()?;
    let output = std::process::Command::new(exe)
        .args(["--job", job])
        .arg(path)
        .output()
        .ok()?;
    let report = String::from_utf8(output.stdout).ok()?;
    let mut fields = report.split_whitespace();
    let nanoseconds: u64 = fields.next()?.parse().ok()?;
    let result: usize = fields.next()?.parse().ok()?;
    Some((Duration::from_nanos(nanoseconds), result))
}

/// A cold run's side (see [`run_cold`]): runs one job, then prints the
/// process's CPU time in nanoseconds and the job's result.
fn cold_job(job: &str, path: &Path) {
    let result = match job {
        "floor" => floor(path),
        "ours" => ours(path),
        // Starting the process and reporting, nothing else: what every
        // cold run pays besides its job.
        "none" => 1,
        "theirs" => theirs(path),
        other => panic!("no job {other:?}"),
    };
    println!("{} {result}", cpu_time().as_nanos());
}

fn main() {
    let mut args = std::env::args().skip(1);
    let only = args.next().unwrap_or_default();
    if only == "--job" {
        let job = args.next().unwrap_or_default();
        let path = PathBuf::from(args.next().unwrap_or_default());
        cold_job(&job, &path);
        return;
    }
    // `cargo bench` adds `--bench`; anything else after the group's name
    // is a collection to measure first.
    let named: Vec<PathBuf> = args
        .filter(|arg| !arg.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if only != "growth" {
        size_ladder(named);
    }
    if only != "ladder" {
        growth();
    }
}
