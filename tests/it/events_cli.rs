//! `events`, `events show`, `events schema`.

use serde_json::Value;

use crate::common::*;

const TYPES: [&str; 5] = [
    "job.created",
    "job.processing",
    "job.completed",
    "job.failed",
    "job.cancelled",
];

#[test]
fn lists_the_five_types() {
    let env = Env::new();
    let out = env.run(&["events"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    let names: Vec<&str> = text
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(names, TYPES);
    let json: Value = serde_json::from_slice(&env.run(&["events", "--json"]).stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 5);
}

#[test]
fn samples_are_realistic_and_fresh() {
    let env = Env::new();
    let mut job_ids = Vec::new();
    for (t, status) in
        TYPES
            .iter()
            .zip(["pending", "processing", "completed", "failed", "cancelled"])
    {
        let out = env.run(&["events", "show", t]);
        assert_code(&out, 0);
        let event: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(event["type"], *t);
        assert_eq!(event["data"]["status"], status);
        let job_id = event["data"]["job_id"].as_str().unwrap().to_string();
        assert_eq!(job_id.len(), 36);
        assert_eq!(&job_id[14..15], "4", "a version 4 UUID");
        let ts = event["timestamp"].as_str().unwrap();
        assert!(ts.ends_with('Z') && ts.len() == 20, "{ts}");
        let keys: Vec<&String> = event.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["type", "timestamp", "data"], "the documented order");
        job_ids.push(job_id);
    }
    job_ids.sort();
    job_ids.dedup();
    assert_eq!(job_ids.len(), 5);
    let completed: Value =
        serde_json::from_slice(&env.run(&["events", "show", "job.completed"]).stdout).unwrap();
    assert_eq!(completed["data"]["pages_processed"], 25);
    assert_eq!(completed["data"]["processing_time"], 12.5);
    let failed: Value =
        serde_json::from_slice(&env.run(&["events", "show", "failed"]).stdout).unwrap();
    assert_eq!(
        failed["data"]["error"],
        "Document processing failed: Invalid PDF structure"
    );
}

#[test]
fn set_overrides_and_errors() {
    let env = Env::new();
    let out = env.run(&[
        "events",
        "show",
        "job.completed",
        "--compact",
        "--set",
        "data.pages_processed=40",
        "--set",
        "data.extra.source=s3",
        "--set",
        "data.job_id=\"fixed\"",
    ]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1);
    let event: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(event["data"]["pages_processed"], 40);
    assert_eq!(event["data"]["extra"]["source"], "s3");
    assert_eq!(event["data"]["job_id"], "fixed");
    for bad in ["noequals", "type.deep=1", "a..b=1"] {
        let out = env.run(&["events", "show", "job.completed", "--set", bad]);
        assert_code(&out, 2);
        assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    }
    let out = env.run(&["events", "show", "job.exploded"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("job.created, job.processing"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn schema_describes_every_template() {
    let env = Env::new();
    let out = env.run(&["events", "schema"]);
    assert_code(&out, 0);
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    let enumerated: Vec<&str> = schema["properties"]["type"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(enumerated, TYPES);
    // Every sample has every required field, and only fields the schema describes.
    for t in TYPES {
        let event: Value = serde_json::from_slice(&env.run(&["events", "show", t]).stdout).unwrap();
        for required in schema["required"].as_array().unwrap() {
            assert!(event.get(required.as_str().unwrap()).is_some());
        }
        for required in schema["properties"]["data"]["required"].as_array().unwrap() {
            assert!(event["data"].get(required.as_str().unwrap()).is_some());
        }
        for key in event["data"].as_object().unwrap().keys() {
            assert!(
                schema["properties"]["data"]["properties"]
                    .get(key)
                    .is_some(),
                "{key}"
            );
        }
    }
}
