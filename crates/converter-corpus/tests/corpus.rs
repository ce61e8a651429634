//! Every corpus collection converts, progenitor accepts it, and its client
//! compiles (it is a module of this crate, so this test cannot run otherwise).

#[test]
fn every_corpus_collection_converts_and_generates_a_client() {
    let failures: Vec<String> = converter_corpus::REPORT
        .iter()
        .filter_map(|(name, _, _, failure)| failure.map(|f| format!("{name}: {f}")))
        .collect();
    assert!(
        failures.is_empty(),
        "collections that did not make it:\n{}",
        failures.join("\n")
    );
    assert!(
        converter_corpus::REPORT.len() >= 14,
        "the corpus is all there"
    );
    let synthetic = converter_corpus::REPORT
        .iter()
        .find(|entry| entry.0 == "synthetic_200")
        .expect("synthetic");
    assert_eq!(synthetic.1, 200, "one operation per synthetic request");
}

#[test]
fn generated_clients_can_be_constructed() {
    let _ = converter_corpus::soap_xml::Client::new("http://127.0.0.1:1");
    let _ = converter_corpus::every_auth::Client::new("http://127.0.0.1:1");
    let _ = converter_corpus::synthetic_200::Client::new("http://127.0.0.1:1");
}

fn convert_corpus(name: &str) -> postman_openapi::Conversion {
    let path = format!(
        "{}/corpus/{name}.postman_collection.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("corpus file");
    postman_openapi::convert(&text).expect("converts")
}

fn warnings(conversion: &postman_openapi::Conversion) -> String {
    conversion
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn what_cannot_be_expressed_degrades_with_a_warning_naming_where() {
    let auth = convert_corpus("every-auth");
    let text = warnings(&auth);
    for kind in ["oauth1", "hawk", "awsv4", "ntlm", "edgegrid", "asap"] {
        assert!(
            text.contains(&format!("auth type `{kind}`")),
            "{kind} is reported:\n{text}"
        );
    }
    let forms = warnings(&convert_corpus("forms-and-files"));
    assert!(
        forms.contains("$.item[0].request.body.formdata: multipart/form-data"),
        "{forms}"
    );
    let empty = convert_corpus("empty-responses");
    assert!(
        warnings(&empty).contains("method OPTIONS is not supported"),
        "{}",
        warnings(&empty)
    );
    let shapes = warnings(&convert_corpus("shapes"));
    assert!(shapes.contains("property \"a_b\""), "{shapes}");
}

#[test]
fn broken_examples_are_kept_as_text_not_errors() {
    let broken = convert_corpus("broken-examples");
    let text = warnings(&broken);
    assert!(
        text.contains("$.item[0].response[1].body: body is not valid JSON"),
        "{text}"
    );
    assert!(
        text.contains("$.item[1].request.body.raw: body is declared JSON but does not parse"),
        "{text}"
    );
    let truncated = broken
        .examples
        .iter()
        .find(|e| e.key == "truncated_json")
        .expect("kept");
    assert_eq!(truncated.body, r#"{"id": "1", "na"#);
}

/// Every collection of the corpus, real ones included, with its text.
fn every_collection() -> Vec<(String, String)> {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&corpus)
        .expect("corpus/")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".postman_collection.json"))
        .collect();
    files.extend(
        std::fs::read_dir(corpus.join("real"))
            .expect("corpus/real/")
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.is_dir())
            .map(|folder| folder.join("collection.json")),
    );
    files.push(corpus.join("../../../collection/zoho-crm-notifications.postman_collection.json"));
    files.sort();
    let mut collections: Vec<(String, String)> = files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            (path.display().to_string(), text)
        })
        .collect();
    collections.push((
        "synthetic 200".into(),
        converter_corpus::synthetic::synthetic_collection(200, 2).to_string(),
    ));
    collections
}

#[test]
fn collections_written_by_others_convert_and_their_clients_compile() {
    let real: Vec<_> = converter_corpus::REPORT
        .iter()
        .filter(|entry| entry.0.starts_with("real_"))
        .collect();
    assert!(real.len() >= 40, "the real collections are all there");
    for (name, _, _, failure) in &real {
        assert_eq!(*failure, None, "{name}");
    }
    // One collection holds only WebDAV-style methods (LINK, LOCK, ...) that
    // OpenAPI 3.0 cannot express; the others all have operations.
    let operations: usize = real.iter().map(|entry| entry.1).sum();
    assert!(
        operations >= 150,
        "{operations} operations from the real collections"
    );
}

#[test]
fn every_recorded_response_field_has_a_place_in_its_schema() {
    let mut total = converter_corpus::fidelity::Fidelity::default();
    for (path, text) in every_collection() {
        let conversion = postman_openapi::convert(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let fidelity = converter_corpus::fidelity::response_fidelity(&conversion.document);
        assert!(
            fidelity.ratio() >= 0.999,
            "{path}: {} of {} recorded leaf fields kept",
            fidelity.kept,
            fidelity.leaves
        );
        total.leaves += fidelity.leaves;
        total.kept += fidelity.kept;
    }
    assert!(total.leaves > 500, "the corpus records fields: {total:?}");
}

/// The streaming writer (example bodies transcoded from their text, never
/// parsed into the document) must print exactly what printing the whole
/// document prints, with the same warnings: on every corpus collection,
/// the hostile ones included, and on a Zoho-shaped one with every example.
#[test]
fn the_streaming_writer_prints_the_document_byte_for_byte() {
    let mut collections = every_collection();
    collections.push((
        "zoho-like 300 KB".into(),
        converter_corpus::zoho_like::zoho_like_collection(300_000),
    ));
    for (path, text) in collections {
        let whole = postman_openapi::convert(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let streamed =
            postman_openapi::convert_streaming(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut bytes = Vec::new();
        let written = streamed
            .clone()
            .write_document(&mut bytes)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(
            bytes == postman_openapi::to_pretty_json(&whole.document).as_bytes(),
            "{path}: the streamed document differs"
        );
        assert_eq!(written.warnings, whole.warnings, "{path}");
        assert_eq!(written.example_count, whole.examples.len(), "{path}");
        assert_eq!(streamed.into_document(), whole.document, "{path}");
    }
}
