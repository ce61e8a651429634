//! `postman-openapi IN.json [-o OUT.json] [--verbose | --warnings-json]`:
//! converts a Postman collection into an OpenAPI 3.0.3 document. See
//! [`postman_openapi::cli`] for the flags, output streams and exit codes.

/// Conversion allocates and frees hundreds of thousands of small values;
/// mimalloc does that faster than the system allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    postman_openapi::cli::run("postman-openapi", &arguments)
}
