//! The accept loop: hyper's HTTP/1 connections with a header-read timeout
//! and a cap on how many are served at once.

use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::{JoinHandle, JoinSet};

use crate::MockConfig;

/// How long to back off after a failed `accept` (for example when out of
/// file descriptors), so the loop neither spins nor gives up.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(20);

/// Serves `app` on `listener` until the returned task is aborted; aborting it
/// also closes every open connection, since they live in its `JoinSet`.
pub(crate) fn spawn(
    listener: TcpListener,
    app: axum::Router,
    config: &MockConfig,
) -> JoinHandle<()> {
    let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let header_read_timeout = config.header_read_timeout;
    tokio::spawn(async move {
        let mut connections = JoinSet::new();
        loop {
            while connections.try_join_next().is_some() {}
            let Ok(slot) = slots.clone().acquire_owned().await else {
                return;
            };
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(_) => {
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_read_timeout)
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
            connections.spawn(async move {
                // A broken or timed-out connection only ends itself.
                let _ = connection.await;
                drop(slot);
            });
        }
    })
}
