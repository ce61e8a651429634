//! Writes a Zoho-shaped synthetic collection of about N megabytes to
//! stdout, for profiling the converter on it:
//! `cargo run -p converter-corpus --example zoho_like -- 17 > big.json`;
//! with `--distinct` no body is recorded twice.

use std::io::Write;

use converter_corpus::zoho_like::{Bodies, zoho_like_collection_with};

fn main() {
    let mut megabytes = 4usize;
    let mut bodies = Bodies::Repeated;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--distinct" => bodies = Bodies::Distinct,
            number => match number.parse() {
                Ok(number) => megabytes = number,
                Err(_) => {
                    eprintln!("usage: zoho_like [MEGABYTES] [--distinct]");
                    std::process::exit(2);
                }
            },
        }
    }
    let text = zoho_like_collection_with(megabytes.saturating_mul(1_000_000), bodies);
    if let Err(error) = std::io::stdout().write_all(text.as_bytes()) {
        eprintln!("cannot write: {error}");
        std::process::exit(1);
    }
}
