//! `zoho-mock [--port N] [--collection PATH]`: serve the mock until stopped.

use std::net::SocketAddr;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let mut port: u16 = 0;
    let mut collection: Option<String> = None;
    let mut arguments = std::env::args().skip(1);
    while let Some(argument) = arguments.next() {
        match (argument.as_str(), arguments.next()) {
            ("--port", Some(value)) => match value.parse() {
                Ok(value) => port = value,
                Err(_) => return fail(&format!("--port takes a number, got {value:?}")),
            },
            ("--collection", Some(path)) => match std::fs::read_to_string(&path) {
                Ok(text) => collection = Some(text),
                Err(error) => return fail(&format!("{path}: {error}")),
            },
            _ => return fail("usage: zoho-mock [--port N] [--collection PATH]"),
        }
    }
    let collection = collection
        .as_deref()
        .unwrap_or(zoho_mock::EMBEDDED_COLLECTION);
    match zoho_mock::MockServer::start_with(collection, SocketAddr::from(([127, 0, 0, 1], port)))
        .await
    {
        Ok(server) => {
            println!("zoho-mock listening on {}", server.url());
            server.wait().await;
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error.to_string()),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
