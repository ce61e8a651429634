//! `cargo xtask codegen [--check]` and `cargo xtask convert IN.json -o OUT.json`.

use std::process::ExitCode;

use xtask::{TaskError, codegen, workspace_root};

const USAGE: &str = "usage:
  cargo xtask codegen [--check]        regenerate the OpenAPI fragments and test fixtures
                                       from collection/ (--check: fail if any is stale)
  cargo xtask convert IN.json [-o OUT] [--verbose | --warnings-json]
                                       convert any Postman collection to OpenAPI 3.0.3
                                       (`cargo xtask convert --help` for details)";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let result = match arguments.first().map(String::as_str) {
        Some("codegen") => run_codegen(&arguments[1..]),
        // The same command line as the `postman-openapi` binary.
        Some("convert") => {
            return postman_openapi::cli::run("cargo xtask convert", &arguments[1..]);
        }
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
