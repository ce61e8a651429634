//! `cargo xtask codegen [--check]` and `cargo xtask convert IN.json -o OUT.json`.

use std::path::PathBuf;
use std::process::ExitCode;

use postman_openapi::to_pretty_json;
use xtask::{TaskError, codegen, convert_file, workspace_root, write_atomically};

const USAGE: &str = "usage:
  cargo xtask codegen [--check]        regenerate the OpenAPI fragments and test fixtures
                                       from collection/ (--check: fail if any is stale)
  cargo xtask convert IN.json -o OUT   convert any Postman collection to OpenAPI 3.0.3";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let result = match arguments.first().map(String::as_str) {
        Some("codegen") => run_codegen(&arguments[1..]),
        Some("convert") => run_convert(&arguments[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(TaskError(USAGE.to_string())),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn run_codegen(arguments: &[String]) -> Result<ExitCode, TaskError> {
    let check = match arguments {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err(TaskError(USAGE.to_string())),
    };
    let report = codegen(&workspace_root(), check)?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    for refinement in &report.refinements {
        println!("refined: {refinement}");
    }
    if !report.api_changes.is_empty() {
        let breaking = report
            .api_changes
            .iter()
            .filter(|change| change.breaking)
            .count();
        println!("API changes against the checked-in fragment ({breaking} breaking):");
        for change in &report.api_changes {
            println!("  {change}");
        }
    }
    if report.changes.is_empty() {
        println!("codegen: generated files are up to date");
        return Ok(ExitCode::SUCCESS);
    }
    if check {
        for change in &report.changes {
            eprint!("{}", change.diff());
        }
        eprintln!(
            "error: {} generated file(s) are stale relative to collection/; run `cargo xtask codegen` and commit the result",
            report.changes.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    for change in &report.changes {
        println!("codegen: updated {}", change.path().display());
    }
    Ok(ExitCode::SUCCESS)
}

fn run_convert(arguments: &[String]) -> Result<ExitCode, TaskError> {
    let (input, output) = match arguments {
        [input, flag, output] if flag == "-o" || flag == "--output" => {
            (PathBuf::from(input), Some(PathBuf::from(output)))
        }
        [input] => (PathBuf::from(input), None),
        _ => return Err(TaskError(USAGE.to_string())),
    };
    let conversion = convert_file(&input)?;
    for warning in &conversion.warnings {
        eprintln!("warning: {}: {warning}", input.display());
    }
    let text = to_pretty_json(&conversion.document);
    match output {
        Some(output) => {
            write_atomically(&output, &text)?;
            eprintln!(
                "convert: wrote {} ({} operations, {} examples)",
                output.display(),
                conversion.document["paths"]
                    .as_object()
                    .map(|p| p
                        .values()
                        .map(|i| i.as_object().map_or(0, |m| m.len()))
                        .sum::<usize>())
                    .unwrap_or(0),
                conversion.examples.len()
            );
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
