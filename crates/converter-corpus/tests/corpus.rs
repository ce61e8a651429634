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
