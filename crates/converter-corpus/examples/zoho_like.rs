//! Writes a Zoho-shaped synthetic collection of about N megabytes to
//! stdout, for profiling the converter on it:
//! `cargo run -p converter-corpus --example zoho_like -- 17 > big.json`.

use std::io::Write;

fn main() {
    let megabytes: usize = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(4);
    let text =
        converter_corpus::zoho_like::zoho_like_collection(megabytes.saturating_mul(1_000_000));
    if let Err(error) = std::io::stdout().write_all(text.as_bytes()) {
        eprintln!("cannot write: {error}");
        std::process::exit(1);
    }
}
