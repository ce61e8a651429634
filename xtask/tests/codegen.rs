//! `cargo xtask codegen` behaviour: freshness of checked-in files, and bad
//! collections leaving every file untouched.

use std::fs;
use std::path::Path;
use std::process::Command;

use xtask::{codegen, workspace_root};

/// The same check as `cargo xtask codegen --check`, so `cargo test` alone
/// catches a collection edited without regenerating.
#[test]
fn generated_files_are_up_to_date() {
    let report = codegen(&workspace_root(), true).expect("codegen runs");
    let diffs: String = report.changes.iter().map(|change| change.diff()).collect();
    assert!(
        report.changes.is_empty(),
        "generated files are stale; run `cargo xtask codegen` and commit:\n{diffs}"
    );
}

/// A scratch workspace holding a copy of the real collection and config.
fn scratch_workspace(name: &str) -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("xtask-test-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("collection")).expect("scratch dir");
    let real = workspace_root();
    for file in [
        "collection/codegen.json",
        "collection/zoho-crm-notifications.postman_collection.json",
        "collection/zoho-crm-notifications.overlay.json",
    ] {
        fs::copy(real.join(file), root.join(file)).expect("copy collection");
    }
    codegen(&root, false).expect("first generation succeeds");
    root
}

fn snapshot_of(root: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut stack = vec![root.join("crates")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((
                    path.display().to_string(),
                    fs::read_to_string(&path).expect("read"),
                ));
            }
        }
    }
    files.sort();
    files
}

fn collection_path(root: &Path) -> std::path::PathBuf {
    root.join("collection/zoho-crm-notifications.postman_collection.json")
}

#[test]
fn a_new_field_in_a_recorded_sample_makes_check_fail_until_regenerated() {
    let root = scratch_workspace("new-field");
    let path = collection_path(&root);
    let text = fs::read_to_string(&path).expect("read");
    // Add a field to the 201 sample's first event.
    let edited = text.replacen(
        r#"\"resource_name\": \"Contacts\","#,
        r#"\"resource_name\": \"Contacts\",\n                        \"watch_priority\": 3,"#,
        1,
    );
    assert_ne!(text, edited, "the sample was edited");
    fs::write(&path, edited).expect("write");

    let stale = codegen(&root, true).expect("check runs");
    let diff: String = stale.changes.iter().map(|c| c.diff()).collect();
    assert!(
        diff.lines()
            .any(|line| line.starts_with('+') && line.contains("\"watch_priority\": {")),
        "the diff adds the new field's schema:\n{diff}"
    );

    codegen(&root, false).expect("regenerates");
    assert!(
        codegen(&root, true).expect("check runs").changes.is_empty(),
        "fresh after regenerating"
    );
    let fragment =
        fs::read_to_string(root.join("crates/zoho-crm-notifications/openapi.json")).expect("read");
    assert!(fragment.contains("\"watch_priority\""));
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn a_truncated_collection_is_an_error_with_a_json_path_and_nothing_changes() {
    let root = scratch_workspace("truncated");
    let before = snapshot_of(&root);
    let path = collection_path(&root);
    let text = fs::read_to_string(&path).expect("read");
    fs::write(&path, &text[..text.len() / 2]).expect("truncate");

    let error = codegen(&root, false)
        .expect_err("a truncated file fails")
        .to_string();
    assert!(
        error.contains("zoho-crm-notifications.postman_collection.json"),
        "{error}"
    );
    assert!(error.contains("at $.item[0]"), "names a JSON path: {error}");
    assert!(error.contains("truncated"), "{error}");
    assert_eq!(snapshot_of(&root), before, "no generated file changed");
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn an_item_without_a_request_is_skipped_with_a_warning_naming_it_and_the_rest_converts() {
    let root = scratch_workspace("no-request");
    let before = snapshot_of(&root);
    let path = collection_path(&root);
    let mut collection: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).expect("read")).expect("json");
    collection["item"][0]["item"][0]
        .as_object_mut()
        .expect("item object")
        .remove("request");
    fs::write(&path, serde_json::to_string(&collection).expect("json")).expect("write");

    // Degrade per item, never per collection: one broken item costs its own
    // examples, not the whole regeneration.
    let report = codegen(&root, false).expect("the rest of the collection converts");
    assert!(
        report
            .warnings
            .iter()
            .any(|warning| warning.contains("at $.item[0].item[0]") && warning.contains("skipped")),
        "{:#?}",
        report.warnings
    );
    assert_ne!(
        snapshot_of(&root),
        before,
        "the skipped item's fixtures are gone"
    );
    assert!(
        fs::read_to_string(root.join("crates/zoho-crm-notifications/openapi.json"))
            .expect("fragment")
            .contains("\"get_notification_details\""),
        "the other operations are still there"
    );
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn the_command_line_exits_non_zero_on_a_bad_collection_and_writes_nothing() {
    let dir = std::env::temp_dir().join(format!("xtask-cli-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("dir");
    let input = dir.join("broken.json");
    let output = dir.join("out.json");
    // Only a file that is not a collection (here, a truncated one) fails.
    fs::write(
        &input,
        r#"{"info": {"name": "x"}, "item": [{"name": "a", "request": {"url": "https://x.test"}"#,
    )
    .expect("write");
    let result = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "convert",
            input.to_str().expect("utf8"),
            "-o",
            output.to_str().expect("utf8"),
        ])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("broken.json"), "{stderr}");
    assert!(stderr.contains("truncated"), "{stderr}");
    assert!(!output.exists(), "no output written");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn removing_a_field_from_a_recorded_sample_is_reported_as_breaking() {
    let root = scratch_workspace("removed-field");
    let path = collection_path(&root);
    let text = fs::read_to_string(&path).expect("read");
    // The only sample with `maximum_length` is the recorded INVALID_DATA.
    let edited = text.replacen(r#"\"maximum_length\": 50,"#, "", 1);
    assert_ne!(text, edited);
    fs::write(&path, edited).expect("write");

    let report = codegen(&root, true).expect("check runs");
    let breaking: Vec<String> = report
        .api_changes
        .iter()
        .filter(|change| change.breaking)
        .map(ToString::to_string)
        .collect();
    assert!(
        breaking.contains(
            &"BREAKING: field `EnableNotificationsResponseWatchItemDetails.maximum_length` removed"
                .to_string()
        ),
        "{breaking:?}"
    );
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn the_overlay_survives_regeneration_and_a_missed_target_is_reported() {
    let root = scratch_workspace("overlay");
    let fragment =
        fs::read_to_string(root.join("crates/zoho-crm-notifications/openapi.json")).expect("read");
    let document: serde_json::Value = serde_json::from_str(&fragment).expect("json");
    let schemas = &document["components"]["schemas"];
    assert!(
        schemas["PatchNotificationsRequest"].is_object(),
        "renamed by the overlay's title"
    );
    assert!(
        schemas
            .get("UpdateSpecificInformationOfAnotificationRequest")
            .is_none()
    );
    assert_eq!(
        schemas["NotificationCallback"]["properties"]["operation"]["enum"],
        serde_json::json!(["insert", "update", "delete"])
    );

    let overlay_path = root.join("collection/zoho-crm-notifications.overlay.json");
    let mut overlay: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&overlay_path).expect("read")).expect("json");
    overlay["actions"]
        .as_array_mut()
        .expect("actions")
        .push(serde_json::json!(
            {"target": "$.components.schemas.NoSuchType", "update": {"title": "X"}}
        ));
    fs::write(&overlay_path, overlay.to_string()).expect("write");
    let report = codegen(&root, false).expect("runs");
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("$.components.schemas.NoSuchType matches nothing")),
        "{:?}",
        report.warnings
    );
    let _ = fs::remove_dir_all(&root);
}

/// With a shared `CARGO_TARGET_DIR`, one xtask binary serves every clone: it
/// must work on the clone it is run in, not the one it was built from.
#[test]
fn the_task_works_on_the_workspace_it_runs_in_not_the_one_it_was_built_in() {
    let root = scratch_workspace("second-clone");
    let collection = collection_path(&root);
    let text = fs::read_to_string(&collection).expect("read");
    fs::write(
        &collection,
        text.replacen(
            "Successfully subscribed",
            "Successfully subscribed (edited)",
            1,
        ),
    )
    .expect("edit");
    let run = |current_dir: &Path, manifest_dir: Option<&Path>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
        command
            .args(["codegen", "--check"])
            .current_dir(current_dir);
        match manifest_dir {
            Some(dir) => command.env("CARGO_MANIFEST_DIR", dir),
            None => command.env_remove("CARGO_MANIFEST_DIR"),
        };
        command.output().expect("xtask runs")
    };
    // As `cargo xtask` runs it in that clone, and from a subdirectory of it.
    for output in [
        run(&root, Some(&root.join("xtask"))),
        run(&root.join("collection"), None),
    ] {
        assert_eq!(
            output.status.code(),
            Some(1),
            "the edited scratch collection is stale: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("(edited)"),
            "the diff is of the scratch clone's files"
        );
    }
    let _ = fs::remove_dir_all(&root);
}
