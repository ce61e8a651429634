//! The command line shared by the `postman-openapi` binary and
//! `cargo xtask convert`: one implementation, so both behave the same.
//!
//! ```text
//! postman-openapi IN.json [-o OUT.json] [--verbose | --warnings-json]
//! ```
//!
//! - The document goes to `OUT.json`, written atomically (a temporary file
//!   beside it, then renamed; a device such as `/dev/null` is written in
//!   place), or to stdout without `-o`.
//! - Warnings go to stderr: a summary grouped by kind by default, every
//!   warning with `--verbose`, or, with `--warnings-json`, only a JSON array
//!   of `{"kind", "json_path", "message"}` (stderr, because stdout may carry
//!   the document).
//! - Exit codes: 0 converted (warnings or not); 2 bad usage, an unreadable
//!   input, or input that is not a collection (the error names the file and
//!   the JSON path, and no output file is written); 1 the output could not
//!   be written.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::{summarize_warnings, to_pretty_json, warnings_to_json};

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The collection to convert.
    pub input: PathBuf,
    /// Where to write the document; stdout when absent.
    pub output: Option<PathBuf>,
    /// List every warning instead of the summary.
    pub verbose: bool,
    /// Print the warnings as JSON (and nothing else) on stderr.
    pub warnings_json: bool,
}

/// Exit code: converted.
pub const EXIT_OK: u8 = 0;
/// Exit code: the output file could not be written.
pub const EXIT_WRITE_FAILED: u8 = 1;
/// Exit code: bad usage, or input that cannot be converted.
pub const EXIT_BAD_INPUT: u8 = 2;

/// The usage text, with `program` as the command's name.
pub fn usage(program: &str) -> String {
    format!(
        "usage: {program} IN.json [-o OUT.json] [--verbose | --warnings-json]

Converts a Postman v2.0/v2.1 collection into an OpenAPI 3.0.3 document.

  -o, --output OUT   write the document to OUT (atomically) instead of stdout
  -v, --verbose      list every warning instead of a summary by kind
  --warnings-json    print only the warnings, as a JSON array of
                     {{\"kind\", \"json_path\", \"message\"}}, on stderr

Exit codes: 0 converted; 2 bad usage or an input that is not a readable
collection (nothing is written); 1 the output could not be written."
    )
}

/// Reads the arguments (without the program name). `Ok(None)` asks for help.
pub fn parse_arguments(arguments: &[String]) -> Result<Option<Options>, String> {
    let mut input = None;
    let mut output = None;
    let mut verbose = false;
    let mut warnings_json = false;
    let mut arguments = arguments.iter();
    while let Some(argument) = arguments.next() {
        match argument.as_str() {
            "-h" | "--help" => return Ok(None),
            "-o" | "--output" => match arguments.next() {
                Some(path) if output.is_none() => output = Some(PathBuf::from(path)),
                Some(_) => return Err("`-o` is given twice".into()),
                None => return Err(format!("`{argument}` needs a file name")),
            },
            "-v" | "--verbose" => verbose = true,
            "--warnings-json" => warnings_json = true,
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option `{flag}`"));
            }
            path if input.is_none() => input = Some(PathBuf::from(path)),
            path => return Err(format!("unexpected argument `{path}`: one input at a time")),
        }
    }
    let input = input.ok_or("no input collection given")?;
    Ok(Some(Options {
        input,
        output,
        verbose,
        warnings_json,
    }))
}

/// Runs the command with `arguments` (without the program name), printing
/// to the process's stdout and stderr; returns the exit code.
pub fn run(program: &str, arguments: &[String]) -> std::process::ExitCode {
    let code = run_with(program, arguments, &mut io::stdout(), &mut io::stderr());
    std::process::ExitCode::from(code)
}

/// [`run`], writing to the given streams.
pub fn run_with(
    program: &str,
    arguments: &[String],
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    // Printing can only fail on a closed stream, and then nobody is reading.
    let options = match parse_arguments(arguments) {
        Ok(Some(options)) => options,
        Ok(None) => {
            let _ = writeln!(stdout, "{}", usage(program));
            return EXIT_OK;
        }
        Err(problem) => {
            let _ = writeln!(stderr, "error: {problem}\n\n{}", usage(program));
            return EXIT_BAD_INPUT;
        }
    };
    let input = options.input.display();
    let text = match fs::read_to_string(&options.input) {
        Ok(text) => text,
        Err(error) => {
            let _ = writeln!(stderr, "error: {input}: cannot read: {error}");
            return EXIT_BAD_INPUT;
        }
    };
    let conversion = match crate::convert_streaming(&text) {
        Ok(conversion) => conversion,
        Err(error) => {
            let _ = writeln!(stderr, "error: {input}: {error}");
            return EXIT_BAD_INPUT;
        }
    };
    drop(text);
    let written = match &options.output {
        Some(output) => {
            let mut written = None;
            let result = write_atomically_with(output, |file| {
                written = Some(conversion.write_document(file)?);
                Ok(())
            });
            match (result, written) {
                (Ok(()), Some(written)) => written,
                (Err(error), _) => {
                    let _ = writeln!(stderr, "error: {}: cannot write: {error}", output.display());
                    return EXIT_WRITE_FAILED;
                }
                (Ok(()), None) => return EXIT_WRITE_FAILED,
            }
        }
        None => match conversion.write_document(&mut *stdout) {
            Ok(written) => written,
            // Nobody is reading stdout any more.
            Err(_) => return EXIT_WRITE_FAILED,
        },
    };
    let warnings = &written.warnings;
    if options.warnings_json {
        let _ = writeln!(
            stderr,
            "{}",
            to_pretty_json(&warnings_to_json(warnings)).trim_end()
        );
        return EXIT_OK;
    }
    if options.verbose {
        for warning in warnings {
            let _ = writeln!(stderr, "warning[{}]: {input}: {warning}", warning.kind);
        }
    } else if !warnings.is_empty() {
        let _ = writeln!(
            stderr,
            "warning: {input}: {} warning(s) (--verbose lists each one)",
            warnings.len()
        );
        for line in summarize_warnings(warnings).lines() {
            let _ = writeln!(stderr, "  {line}");
        }
    }
    if let Some(output) = &options.output {
        let _ = writeln!(
            stderr,
            "wrote {} ({} operations, {} examples)",
            output.display(),
            written.operation_count,
            written.example_count
        );
    }
    EXIT_OK
}

/// Writes `contents` to a temporary file beside `path`, then renames it over
/// `path`, so a reader never sees a half-written file and a failure leaves
/// any previous file as it was.
pub fn write_atomically(path: &Path, contents: &str) -> io::Result<()> {
    write_atomically_with(path, |file| file.write_all(contents.as_bytes()))
}

/// [`write_atomically`], with `write` filling the temporary file (through a
/// buffer of its own, if it wants one).
///
/// A path that names a device or a pipe (`-o /dev/null`, `-o /dev/stdout`)
/// is written to in place: renaming a file over it would replace the
/// device itself (as root, `/dev/null` became a file that every later
/// `> /dev/null` wrote into).
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> io::Result<()> {
    if let Ok(metadata) = fs::metadata(path)
        && !metadata.is_file()
        && !metadata.is_dir()
    {
        let mut device = fs::OpenOptions::new().write(true).open(path)?;
        return write(&mut device);
    }
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent)?;
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy())
        .unwrap_or_default();
    let temporary = parent.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        write(&mut file)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arguments(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn flags_are_read_in_any_order() {
        let options = parse_arguments(&arguments("--verbose in.json -o out.json"));
        assert_eq!(
            options,
            Ok(Some(Options {
                input: "in.json".into(),
                output: Some("out.json".into()),
                verbose: true,
                warnings_json: false,
            }))
        );
        assert_eq!(parse_arguments(&arguments("-h")), Ok(None));
        assert!(parse_arguments(&arguments("")).is_err());
        assert!(parse_arguments(&arguments("a.json b.json")).is_err());
        assert!(parse_arguments(&arguments("a.json -o")).is_err());
        assert!(parse_arguments(&arguments("a.json --frobnicate")).is_err());
    }
}
