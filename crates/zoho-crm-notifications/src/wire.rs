//! Between the SDK's types and Zoho's JSON: request bodies built from
//! [`Subscription`]s (refusing to drop a field silently), and every answer
//! read from its raw JSON into per-item outcomes or a typed Zoho error.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::capture::RawResponse;
use crate::error::{SdkError, convert_error, zoho_error_from_body};
use crate::outcome::{ItemOutcome, item_outcomes};
use crate::subscription::{Subscription, ValidationError};
use crate::{Error, ResponseValue};

/// One `watch` item for POST and PUT: the channel's full state.
pub(crate) fn watch_item(subscription: &Subscription) -> Value {
    let mut item = Map::new();
    item.insert("channel_id".into(), json!(subscription.channel_id));
    item.insert(
        "events".into(),
        subscription
            .events
            .iter()
            .map(|event| Value::String(event.to_string()))
            .collect(),
    );
    // Zoho rejects fractional seconds.
    item.insert(
        "channel_expiry".into(),
        subscription
            .channel_expiry
            .format("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
            .into(),
    );
    item.insert("token".into(), subscription.token.expose().into());
    item.insert("notify_url".into(), subscription.notify_url.clone().into());
    if !subscription.notification_condition.is_empty() {
        item.insert(
            "notification_condition".into(),
            json!(subscription.notification_condition),
        );
    }
    if let Some(notify) = subscription.notify_on_related_action {
        item.insert("notify_on_related_action".into(), notify.into());
    }
    if let Some(values) = subscription.return_affected_field_values {
        item.insert("return_affected_field_values".into(), values.into());
    }
    if let Some(fields) = &subscription.fields {
        item.insert("fields".into(), fields.clone());
    }
    Value::Object(item)
}

/// `body` as the generated request type `T`. A field `T` has no place for
/// would be dropped without a word by serde; that is refused instead, naming
/// the field, because losing a condition on renewal resets the channel.
pub(crate) fn typed_request<T: DeserializeOwned + Serialize>(body: Value) -> Result<T, SdkError> {
    let invalid = |json_path: String, message: String| {
        SdkError::Invalid(ValidationError { json_path, message })
    };
    let typed: T = serde_json::from_value(body.clone())
        .map_err(|error| invalid("$".into(), error.to_string()))?;
    let kept =
        serde_json::to_value(&typed).map_err(|error| invalid("$".into(), error.to_string()))?;
    match first_dropped(&body, &kept, "$") {
        Some(path) => Err(invalid(
            path,
            "the generated request type has no place for this field; record it in the collection and run `cargo xtask codegen`".into(),
        )),
        None => Ok(typed),
    }
}

/// The JSON path of the first value of `sent` that `kept` lacks (values are
/// not compared: a date may be re-spelled, but nothing may vanish).
fn first_dropped(sent: &Value, kept: &Value, path: &str) -> Option<String> {
    match (sent, kept) {
        (Value::Object(sent), Value::Object(kept)) => sent.iter().find_map(|(key, value)| {
            let at = format!("{path}.{key}");
            match kept.get(key) {
                None if !value.is_null() => Some(at),
                None => None,
                Some(kept_value) => first_dropped(value, kept_value, &at),
            }
        }),
        (Value::Array(sent), Value::Array(kept)) if sent.len() == kept.len() => sent
            .iter()
            .zip(kept)
            .enumerate()
            .find_map(|(index, (value, kept))| {
                first_dropped(value, kept, &format!("{path}[{index}]"))
            }),
        (Value::Array(_) | Value::Object(_), _) => Some(path.to_string()),
        _ => None,
    }
}

/// The answer to an operation, as raw JSON with its status: from the
/// captured response when there is one, else from the typed result.
pub(crate) fn answer<T: Serialize, E: Serialize>(
    result: Result<ResponseValue<T>, Error<E>>,
    raw: Option<RawResponse>,
) -> Result<(u16, Option<Value>), SdkError> {
    if let Some(raw) = raw {
        if raw.body.iter().all(u8::is_ascii_whitespace) {
            return Ok((raw.status, None));
        }
        return match serde_json::from_slice::<Value>(&raw.body) {
            Ok(body) => Ok((raw.status, Some(body))),
            Err(_) if (200..300).contains(&raw.status) => Err(SdkError::InvalidResponse(format!(
                "the {} body is not JSON",
                raw.status
            ))),
            Err(_) => Err(SdkError::UnexpectedStatus(raw.status)),
        };
    }
    // No body was captured: the request never got an answer, or the body
    // was over the size cap; the typed error says which.
    match result {
        Ok(value) => {
            let status = value.status().as_u16();
            let body = serde_json::to_value(value.into_inner())
                .map_err(|error| SdkError::InvalidResponse(error.to_string()))?;
            Ok((status, Some(body)))
        }
        Err(error) => Err(convert_error(error)),
    }
}

/// One outcome per `watch` item, whatever the status (Zoho reports items in
/// 200, 201, 202, 207 and 400 bodies); a body without items is a top-level
/// Zoho error, or an empty success.
pub(crate) fn outcomes(status: u16, body: Option<Value>) -> Result<Vec<ItemOutcome>, SdkError> {
    let success = (200..300).contains(&status);
    let Some(body) = body else {
        return if success {
            Ok(Vec::new())
        } else {
            Err(SdkError::UnexpectedStatus(status))
        };
    };
    if let Some(outcomes) = item_outcomes(&body) {
        return Ok(outcomes);
    }
    top_level_error(status, &body, success)
}

/// The error a body without `watch` items stands for.
pub(crate) fn top_level_error<T>(status: u16, body: &Value, success: bool) -> Result<T, SdkError> {
    match zoho_error_from_body(status, body) {
        SdkError::UnexpectedStatus(_) if success => Err(SdkError::InvalidResponse(format!(
            "the {status} body has neither `watch` items nor an error `code`"
        ))),
        error => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_field_is_named_by_its_path() {
        let sent = json!({"watch": [{"a": 1, "b": {"c": [1, {"d": 2}]}}]});
        let kept = json!({"watch": [{"a": 1, "b": {"c": [1, {}]}}]});
        assert_eq!(
            first_dropped(&sent, &kept, "$").as_deref(),
            Some("$.watch[0].b.c[1].d")
        );
        assert_eq!(first_dropped(&sent, &sent, "$"), None);
        assert_eq!(
            first_dropped(&json!({"x": null}), &json!({}), "$"),
            None,
            "a null may be skipped"
        );
    }

    #[test]
    fn items_are_outcomes_on_any_status_and_other_bodies_are_errors() {
        let mixed = json!({"watch": [
            {"code": "SUCCESS", "details": {}, "message": "ok", "status": "success"},
            {"code": "INVALID_DATA", "details": {"regex": "x"}, "message": "bad", "status": "error"}]});
        for status in [200, 202, 207, 400] {
            let outcomes = outcomes(status, Some(mixed.clone())).expect("items");
            assert_eq!(outcomes.len(), 2);
            assert!(outcomes[0].is_success() && !outcomes[1].is_success());
        }
        let limited = json!({"code": "RATE_LIMIT_EXCEEDED", "message": "Too many requests", "status": "error"});
        match outcomes(429, Some(limited)) {
            Err(SdkError::Zoho { status: 429, error }) => {
                assert_eq!(error.code, crate::ErrorCode::RateLimitExceeded)
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            outcomes(502, None),
            Err(SdkError::UnexpectedStatus(502))
        ));
        assert_eq!(outcomes(204, None).expect("empty").len(), 0);
    }
}
