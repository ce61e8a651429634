//! List: every subscription, one entry per channel and module, page by page.

mod common;

use chrono::Duration;
use futures_util::TryStreamExt;
use zoho_crm_notifications::ListFilter;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = common::connect().await?;
    if target.mock.is_some() {
        // Something to list on a fresh mock.
        let channels: Vec<_> = (1..=3)
            .map(|n| {
                common::subscription(
                    &format!("100000006800{n}"),
                    common::notify_url(),
                    Duration::hours(6),
                )
            })
            .collect();
        target.api.enable(&channels).await?;
    }
    // Two entries a page, to show paging: `list_pages` follows Zoho's
    // `info.more_records` from page to page.
    let mut pages = std::pin::pin!(target.api.list_pages(ListFilter {
        per_page: Some(2),
        ..ListFilter::default()
    }));
    let mut count = 0;
    while let Some(page) = pages.try_next().await? {
        for entry in &page.entries {
            count += 1;
            println!("list: {entry}");
        }
        for skipped in &page.undecodable {
            println!(
                "list: entry {} did not decode: {}",
                skipped.index, skipped.error
            );
        }
    }
    println!("list: {count} entries");
    Ok(())
}
