//! Prints the corpus table of the README: `cargo run -p converter-corpus
//! --example corpus_table`. For each collection: requests, operations,
//! recorded examples, warnings, and recorded response fields kept.

use converter_corpus::fidelity::response_fidelity;

fn requests(items: &serde_json::Value) -> usize {
    items.as_array().map_or(0, |items| {
        items
            .iter()
            .map(|item| match item.get("item") {
                Some(children) => requests(children),
                None => usize::from(item.get("request").is_some()),
            })
            .sum()
    })
}

fn main() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".postman_collection.json"))
        .collect();
    files.extend(
        std::fs::read_dir(corpus.join("real"))
            .into_iter()
            .flatten()
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.is_dir())
            .map(|folder| folder.join("collection.json")),
    );
    files.sort();
    println!("| collection | requests | operations | examples | warnings | response fields kept |");
    println!("|---|---|---|---|---|---|");
    let (mut all_leaves, mut all_kept) = (0, 0);
    for path in files {
        let name = path
            .strip_prefix(&corpus)
            .map_or_else(|_| path.display().to_string(), |p| p.display().to_string())
            .replace("/collection.json", "")
            .replace(".postman_collection.json", "");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let raw: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        match postman_openapi::convert(&text) {
            Ok(conversion) => {
                let operations: usize =
                    conversion.document["paths"].as_object().map_or(0, |paths| {
                        paths
                            .values()
                            .filter_map(|p| p.as_object())
                            .map(|p| p.len())
                            .sum()
                    });
                let fidelity = response_fidelity(&conversion.document);
                all_leaves += fidelity.leaves;
                all_kept += fidelity.kept;
                println!(
                    "| {name} | {} | {operations} | {} | {} | {} / {} |",
                    requests(&raw["item"]),
                    conversion.examples.len(),
                    conversion.warnings.len(),
                    fidelity.kept,
                    fidelity.leaves
                );
            }
            Err(error) => println!(
                "| {name} | {} | failed: {error} | | | |",
                requests(&raw["item"])
            ),
        }
    }
    println!("| **all** | | | | | **{all_kept} / {all_leaves}** |");
}
