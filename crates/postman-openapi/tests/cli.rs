//! The `postman-openapi` command (the same code as `cargo xtask convert`):
//! what a user sees on each stream, the exit codes, and that a failed
//! conversion writes nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A scratch folder per test, removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("postman-openapi-cli-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }

    fn file(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.0.join(name);
        fs::write(&path, contents).expect("write input");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn run(arguments: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postman-openapi"))
        .args(arguments)
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Two good requests, one item that is not an item, one example with no
/// status: it converts, with two warnings.
const DEGRADED: &str = r#"{"info": {"name": "Shop"}, "item": [
    {"name": "List", "request": "https://shop.test/items"},
    5,
    {"name": "Get", "request": "https://shop.test/items/:id", "response": [{"name": "x", "body": ""}]}
]}"#;

#[test]
fn input_that_is_not_a_collection_exits_2_names_file_and_path_and_writes_nothing() {
    let scratch = Scratch::new("bad");
    let input = scratch.file(
        "broken.json",
        r#"{"info": {"name": "x"}, "item": [{"name": "a", "#,
    );
    let output = scratch.0.join("out.json");
    let result = run(&[&input, Path::new("-o"), &output]);
    assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
    let message = stderr(&result);
    assert!(message.contains("broken.json: at $.item[0]"), "{message}");
    assert!(message.contains("truncated"), "{message}");
    assert!(!output.exists(), "no output written");
    let leftovers = fs::read_dir(&scratch.0).map_or(0, |entries| entries.count());
    assert_eq!(leftovers, 1, "no temporary file left behind");
}

/// `-o /dev/null` (checking that a collection converts) must leave
/// `/dev/null` a device: renaming a file over it, as root, replaced it.
#[cfg(unix)]
#[test]
fn output_to_a_device_writes_to_it_and_leaves_it_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let null = Path::new("/dev/null");
    let is_device =
        || fs::metadata(null).is_ok_and(|metadata| metadata.file_type().is_char_device());
    if !is_device() {
        return; // Nothing to check on a machine without one.
    }
    let scratch = Scratch::new("device");
    let input = scratch.file("shop.json", DEGRADED);
    let result = run(&[&input, Path::new("-o"), null]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert!(is_device(), "/dev/null is still a device");
    assert!(
        stderr(&result).contains("wrote /dev/null"),
        "{}",
        stderr(&result)
    );
}

#[test]
fn a_degraded_collection_converts_and_summarizes_its_warnings_by_kind() {
    let scratch = Scratch::new("summary");
    let input = scratch.file("shop.json", DEGRADED);
    let output = scratch.0.join("shop.openapi.json");
    let result = run(&[&input, Path::new("-o"), &output]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let message = stderr(&result);
    assert!(message.contains("2 warning(s)"), "{message}");
    assert!(
        message.contains("1 × skipped-item: an item is an object"),
        "{message}"
    );
    assert!(message.contains("      at $.item[1]\n"), "{message}");
    assert!(message.contains("1 × skipped-example:"), "{message}");
    let document: Value =
        serde_json::from_str(&fs::read_to_string(&output).expect("written")).expect("JSON");
    assert!(document["paths"]["/items/{id}"]["get"].is_object());
    assert!(result.stdout.is_empty(), "the document went to the file");
}

#[test]
fn verbose_lists_every_warning_with_its_kind() {
    let scratch = Scratch::new("verbose");
    let input = scratch.file("shop.json", DEGRADED);
    let output = scratch.0.join("out.json");
    let result = run(&[&input, Path::new("-o"), &output, Path::new("--verbose")]);
    let message = stderr(&result);
    let lines: Vec<&str> = message
        .lines()
        .filter(|l| l.starts_with("warning["))
        .collect();
    assert_eq!(lines.len(), 2, "{message}");
    assert!(lines[0].starts_with("warning[skipped-item]: "), "{message}");
    assert!(lines[0].contains("shop.json: at $.item[1]: "), "{message}");
}

#[test]
fn warnings_json_prints_only_a_json_array_on_stderr() {
    let scratch = Scratch::new("json");
    let input = scratch.file("shop.json", DEGRADED);
    let result = run(&[&input, Path::new("--warnings-json")]);
    assert_eq!(result.status.code(), Some(0));
    let warnings: Value = serde_json::from_slice(&result.stderr).expect("stderr is JSON");
    assert_eq!(warnings[0]["kind"], "skipped-item");
    assert_eq!(warnings[0]["json_path"], "$.item[1]");
    assert_eq!(warnings[1]["kind"], "skipped-example");
    assert_eq!(warnings[1]["json_path"], "$.item[2].response[0].code");
    let document: Value = serde_json::from_slice(&result.stdout).expect("stdout is the document");
    assert_eq!(document["openapi"], "3.0.3");
}

#[test]
fn bad_usage_exits_2_with_the_usage() {
    let result = run(&[Path::new("--frobnicate")]);
    assert_eq!(result.status.code(), Some(2));
    assert!(stderr(&result).contains("usage: postman-openapi IN.json"));
    let missing = run(&[Path::new("/nonexistent/collection.json")]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("/nonexistent/collection.json: cannot read"));
}
