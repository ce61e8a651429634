//! `postman-openapi IN.json [-o OUT.json] [--verbose | --warnings-json]`:
//! converts a Postman collection into an OpenAPI 3.0.3 document. See
//! [`postman_openapi::cli`] for the flags, output streams and exit codes.

fn main() -> std::process::ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    postman_openapi::cli::run("postman-openapi", &arguments)
}
