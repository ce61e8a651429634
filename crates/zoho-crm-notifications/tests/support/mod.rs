//! Shared test support: recorded fixtures and a loopback server replaying them.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// One recorded example, as `cargo xtask codegen` writes it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Fixture {
    pub operation_id: String,
    pub key: String,
    pub name: String,
    pub request: FixtureRequest,
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
}

/// The request side of a fixture.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct FixtureRequest {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<String>,
}

impl Fixture {
    pub fn load(path: &Path) -> Fixture {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The recorded body as JSON, if it is JSON.
    pub fn json_body(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture, sorted by file name.
pub fn all_fixtures() -> Vec<Fixture> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures exists; run `cargo xtask codegen`")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths.iter().map(|path| Fixture::load(path)).collect()
}

/// A request the replay server received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub authorization: Option<String>,
    pub body: Bytes,
}

/// A loopback HTTP server that answers every request with one recorded
/// response, byte for byte, and remembers what it received.
pub struct ReplayServer {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl ReplayServer {
    pub async fn start(fixture: &Fixture) -> ReplayServer {
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let log = received.clone();
        let status = StatusCode::from_u16(fixture.status).expect("valid status");
        let content_type = fixture.content_type.clone();
        let body = fixture.body.clone();
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: axum::http::HeaderMap, request_body: Bytes| {
                let log = log.clone();
                let content_type = content_type.clone();
                let body = body.clone();
                async move {
                    log.lock().expect("log lock").push(Received {
                        method: method.to_string(),
                        path: uri.path().to_string(),
                        query: uri.query().map(str::to_string),
                        authorization: headers
                            .get(header::AUTHORIZATION)
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_string),
                        body: request_body,
                    });
                    let mut response: Response = (status, body).into_response();
                    if let Some(content_type) = content_type {
                        response.headers_mut().insert(
                            header::CONTENT_TYPE,
                            content_type
                                .parse()
                                .expect("recorded content type is a valid header"),
                        );
                    }
                    response
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let address: SocketAddr = listener.local_addr().expect("local addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        ReplayServer {
            url: format!("http://{address}"),
            received,
        }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().expect("log lock").clone()
    }
}

/// Serves `app` on an ephemeral loopback port; returns its base URL.
pub async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}
