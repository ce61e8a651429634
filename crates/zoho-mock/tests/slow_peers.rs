//! Peers that send too slowly are cut off in bounded time, and the server
//! keeps serving everyone else.

mod support;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use reqwest::Method;
use support::{WATCH, bounded, client, send};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use zoho_mock::{EMBEDDED_COLLECTION, MockConfig, MockServer};

const TIMEOUT: Duration = Duration::from_millis(300);

async fn impatient_server() -> MockServer {
    let mut config = MockConfig::default();
    config.header_read_timeout = TIMEOUT;
    config.body_read_timeout = TIMEOUT;
    MockServer::start_with_config(
        EMBEDDED_COLLECTION,
        SocketAddr::from(([127, 0, 0, 1], 0)),
        config,
    )
    .await
    .expect("mock")
}

async fn connect(server: &MockServer) -> TcpStream {
    let address = server.url().trim_start_matches("http://");
    TcpStream::connect(address).await.expect("connect")
}

/// Reads until the server closes the connection (EOF or reset).
async fn read_until_closed(stream: &mut tokio::net::tcp::OwnedReadHalf) -> Vec<u8> {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return received,
            Ok(n) => received.extend_from_slice(&buffer[..n]),
        }
    }
}

async fn still_serves(server: &MockServer) {
    let (status, body) = send(&client(), server, Method::GET, WATCH, None).await;
    assert_eq!(status, 204, "an ordinary request is still answered: {body}");
}

#[tokio::test]
async fn headers_dribbled_byte_by_byte_are_cut_off_after_the_header_timeout() {
    bounded(async {
        let server = impatient_server().await;
        let (mut reader, mut writer) = connect(&server).await.into_split();
        // Keeps sending one header byte every 20 ms, forever: activity must
        // not extend the deadline.
        let dribbler = tokio::spawn(async move {
            let head = format!("GET {WATCH} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            for byte in head.bytes().chain(std::iter::repeat(b'a')) {
                if writer.write_all(&[byte]).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        });
        let started = Instant::now();
        read_until_closed(&mut reader).await;
        let elapsed = started.elapsed();
        dribbler.abort();
        eprintln!("dribbled headers cut off after {elapsed:?} (timeout {TIMEOUT:?})");
        assert!(
            elapsed >= TIMEOUT.saturating_sub(Duration::from_millis(50))
                && elapsed < Duration::from_secs(3),
            "closed after {elapsed:?}"
        );
        still_serves(&server).await;
    })
    .await;
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed_after_the_header_timeout() {
    bounded(async {
        let server = impatient_server().await;
        let (mut reader, _writer) = connect(&server).await.into_split();
        let started = Instant::now();
        let received = read_until_closed(&mut reader).await;
        let elapsed = started.elapsed();
        eprintln!("silent connection closed after {elapsed:?} (timeout {TIMEOUT:?})");
        assert!(elapsed < Duration::from_secs(3), "closed after {elapsed:?}");
        assert!(!String::from_utf8_lossy(&received).contains("200 OK"));
        still_serves(&server).await;
    })
    .await;
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_gets_408_and_the_connection_closes() {
    bounded(async {
        let server = impatient_server().await;
        let (mut reader, mut writer) = connect(&server).await.into_split();
        let request = format!(
            "POST {WATCH} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Zoho-oauthtoken t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"watch\": ["
        );
        writer.write_all(request.as_bytes()).await.expect("write");
        let started = Instant::now();
        let received = read_until_closed(&mut reader).await;
        let elapsed = started.elapsed();
        let text = String::from_utf8_lossy(&received);
        eprintln!("short body answered 408 and closed after {elapsed:?} (timeout {TIMEOUT:?})");
        assert!(text.starts_with("HTTP/1.1 408"), "{text}");
        assert!(text.contains("REQUEST_TIMEOUT"), "{text}");
        assert!(elapsed >= TIMEOUT.saturating_sub(Duration::from_millis(50)) && elapsed < Duration::from_secs(3), "closed after {elapsed:?}");
        drop(writer);
        still_serves(&server).await;
    })
    .await;
}
