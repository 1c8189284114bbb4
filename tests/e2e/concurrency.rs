//! Two processes adding to one case at once serialize: every file stored
//! once, exhibit numbers unique, the chain unbroken.

use crate::support::{World, bytes, dossier};
use std::collections::BTreeSet;

#[test]
fn two_writers_at_once_serialize() {
    let w = World::new();
    let shared: Vec<String> = (0..5)
        .map(|i| {
            w.file(&format!("shared{i}.bin"), &bytes(100 + i, 300_000))
                .display()
                .to_string()
        })
        .collect();
    let batch = |tag: &str, seed: u64| -> Vec<String> {
        let mut files: Vec<String> = (0..20)
            .map(|i| {
                w.file(&format!("{tag}{i}.bin"), &bytes(seed + i, 200_000))
                    .display()
                    .to_string()
            })
            .collect();
        files.extend(shared.iter().cloned());
        files
    };
    let (a, b) = (batch("a", 1000), batch("b", 2000));
    let spawn = |files: &[String]| {
        dossier()
            .arg("add")
            .arg(w.case())
            .args(files)
            .spawn()
            .expect("spawn")
    };
    let (pa, pb) = (spawn(&a), spawn(&b));
    let (ra, rb) = (
        pa.wait_with_output().expect("a"),
        pb.wait_with_output().expect("b"),
    );
    assert!(ra.status.success() && rb.status.success(), "{ra:?} {rb:?}");

    let list = w.list();
    let exhibits = list["exhibits"].as_array().expect("array");
    assert_eq!(
        exhibits.len(),
        45,
        "40 distinct files plus 5 shared ones stored once"
    );
    let numbers: BTreeSet<i64> = exhibits
        .iter()
        .map(|e| e["exhibit"].as_i64().expect("n"))
        .collect();
    assert_eq!(
        numbers,
        (1..=45).collect(),
        "exhibit numbers are unique and contiguous"
    );
    let v = w.run("verify", &[]);
    assert_eq!(v.code, 0, "{v:?}");
}
