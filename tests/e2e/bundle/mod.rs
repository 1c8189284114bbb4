//! The bundle a user sends and `dossier verify BUNDLE.zip` on the receiving
//! side: an untouched bundle verifies; a changed original, a changed
//! manifest, an added or removed file and hostile archives (climbing paths,
//! absolute paths, symbolic links, a name used twice, not a ZIP at all) are
//! each named, exit 3.

mod hostile;

use hostile::first_original;

use crate::support::run;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

/// The demo exported with its bundle; returns the folder and the bundle.
fn bundle() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let target = dir.path().join("demo");
    let r = run(["demo", &target.display().to_string()]);
    assert_eq!(r.code, 0, "{r:?}");
    let case = target.join("demo.dossier").display().to_string();
    let (pdf, zip) = (dir.path().join("d.pdf"), dir.path().join("d.zip"));
    let r = run([
        "export",
        &case,
        "--pdf",
        &pdf.display().to_string(),
        "--bundle",
        &zip.display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    (dir, zip)
}

/// A bundle's entries: name and bytes, in order.
type Entries = Vec<(String, Vec<u8>)>;

/// A way to tamper with a bundle, and what `verify` must then say.
type Tamper = (&'static str, Box<dyn Fn(&mut Entries)>, String);

/// Every entry's name and bytes, in order.
fn entries(path: &Path) -> Entries {
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(path).expect("zip")).expect("archive");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("entry");
            let name = entry.name().expect("name").into_owned();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read");
            (name, bytes)
        })
        .collect()
}

/// Writes entries as a stored ZIP, the way a tamperer would repack one.
fn repack(path: &Path, entries: &[(String, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options).expect("start");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish");
}

fn verify(path: &Path) -> (i32, String) {
    let r = run(["verify", &path.display().to_string()]);
    (r.code, r.stdout + &r.stderr)
}

#[test]
fn an_untouched_bundle_verifies_and_matches_the_pdf() {
    let (dir, zip) = bundle();
    let (code, out) = verify(&zip);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("The bundle is intact: 94 originals"), "{out}");
    let all = entries(&zip);
    let names: Vec<&str> = all.iter().take(3).map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["VERIFY.txt", "manifest.json", "dossier.pdf"]);
    let pdf = std::fs::read(dir.path().join("d.pdf")).expect("pdf");
    assert!(
        all[2].1 == pdf,
        "the bundle holds the very PDF written beside it"
    );
    let verify_text = String::from_utf8(all[0].1.clone()).expect("utf-8");
    for (name, bytes) in all.iter().filter(|(n, _)| n.starts_with("originals/")) {
        let sha = dossier_core::hash::sha256_hex(bytes);
        assert!(
            verify_text.contains(&format!("{sha}  {name}")),
            "VERIFY.txt lists {name} in sha256sum's form"
        );
    }
}

#[test]
fn tampering_is_named_precisely() {
    let (dir, zip) = bundle();
    let all = entries(&zip);
    let original = all
        .iter()
        .position(|(n, _)| n.starts_with("originals/"))
        .expect("an original");
    let name = all[original].0.clone();
    let cases: Vec<Tamper> = vec![
        (
            "changed original",
            Box::new(move |e| e[original].1[0] ^= 1),
            format!("{name}: SHA-256 is"),
        ),
        (
            "changed manifest",
            Box::new(|e| {
                let m = e
                    .iter_mut()
                    .find(|(n, _)| n == "manifest.json")
                    .expect("manifest");
                m.1.extend_from_slice(b" ");
            }),
            "manifest.json: SHA-256 is".into(),
        ),
        (
            "added file",
            Box::new(|e| e.push(("originals/9999-extra.jpg".into(), b"not evidence".to_vec()))),
            "originals/9999-extra.jpg: in the bundle but not in the manifest".into(),
        ),
        (
            "removed file",
            Box::new(move |e| {
                e.remove(original);
            }),
            format!("{name}: listed in the manifest but not in the bundle"),
        ),
        (
            "climbing path",
            Box::new(|e| e.push(("originals/../../evil.sh".into(), b"rm -rf".to_vec()))),
            "a path that climbs out with ..".into(),
        ),
        (
            "absolute path",
            Box::new(|e| e.push(("/etc/evil".into(), b"x".to_vec()))),
            "an absolute path".into(),
        ),
    ];
    for (what, tamper, expect) in cases {
        let mut copy = all.clone();
        tamper(&mut copy);
        let path = dir.path().join(format!("{}.zip", what.replace(' ', "-")));
        repack(&path, &copy);
        let (code, out) = verify(&path);
        assert_eq!(code, 3, "{what}: {out}");
        assert!(
            out.contains(&expect),
            "{what}: expected {expect:?} in {out}"
        );
    }
}

#[test]
fn a_symbolic_link_a_name_used_twice_or_not_an_archive_is_refused() {
    let (dir, zip) = bundle();
    let all = entries(&zip);
    let path = dir.path().join("link.zip");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in &all {
            z.start_file(name.as_str(), options).expect("start");
            z.write_all(bytes).expect("write");
        }
        z.add_symlink("originals/0000-link", "/etc/passwd", options)
            .expect("symlink");
        z.finish().expect("finish");
    }
    let (code, out) = verify(&path);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("a symbolic link"), "{out}");
    // Two entries under one name: written under two names, then one name
    // patched into the other in the local and central headers.
    let twice = dir.path().join("twice.zip");
    let mut copy = all.clone();
    copy.push(("originals/9998-twin-a".into(), b"first".to_vec()));
    copy.push(("originals/9998-twin-b".into(), b"second".to_vec()));
    repack(&twice, &copy);
    let mut bytes = std::fs::read(&twice).expect("read");
    let (from, to) = (b"originals/9998-twin-b", b"originals/9998-twin-a");
    let mut i = 0;
    while let Some(at) = bytes[i..].windows(from.len()).position(|w| w == from) {
        bytes[i + at..i + at + to.len()].copy_from_slice(to);
        i += at + to.len();
    }
    std::fs::write(&twice, bytes).expect("write");
    let (code, out) = verify(&twice);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("a name used twice"), "{out}");
    assert!(out.contains("this bundle is not as it was made"), "{out}");
    // An entry whose headers claim 2 GiB: patched into the sizes of a
    // 12-byte entry ("not evidence") in its local and central headers.
    let claim = dir.path().join("claim.zip");
    let mut copy = all.clone();
    copy.push(("originals/9997-claim".into(), b"not evidence".to_vec()));
    repack(&claim, &copy);
    let mut bytes = std::fs::read(&claim).expect("read");
    let name = b"originals/9997-claim";
    let mut patched = 0;
    let mut i = 0;
    while let Some(at) = bytes[i..].windows(name.len()).position(|w| w == name) {
        let at = i + at;
        // Local header: sizes at 18..26 before the name (which starts at 30);
        // central header: sizes at 20..28 (name at 46).
        for (sig, sizes) in [
            ([0x50, 0x4B, 0x03, 0x04], 18),
            ([0x50, 0x4B, 0x01, 0x02], 20),
        ] {
            let header = at - if sig[2] == 3 { 30 } else { 46 };
            if bytes[header..header + 4] == sig {
                bytes[header + sizes..header + sizes + 8]
                    .copy_from_slice(&[0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0x7F]);
                patched += 1;
            }
        }
        i = at + name.len();
    }
    assert_eq!(patched, 2, "both headers of the entry were patched");
    std::fs::write(&claim, bytes).expect("write");
    let (code, out) = verify(&claim);
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains("claims more bytes than the archive holds"),
        "{out}"
    );
    let not_zip = dir.path().join("not.zip");
    std::fs::write(&not_zip, b"PK\x03\x04 this is not an archive").expect("write");
    let (code, out) = verify(&not_zip);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("not a readable ZIP archive"), "{out}");
}

/// The manifest of `all`, parsed.
fn manifest_of(all: &Entries) -> serde_json::Value {
    let m = all
        .iter()
        .find(|(n, _)| n == "manifest.json")
        .expect("manifest");
    serde_json::from_slice(&m.1).expect("json")
}

/// `all` with its manifest replaced by `m`.
fn with_manifest(all: &Entries, m: &serde_json::Value) -> Entries {
    let mut bytes = serde_json::to_vec_pretty(m).expect("json");
    bytes.push(b'\n');
    all.iter()
        .map(|(n, b)| {
            if n == "manifest.json" {
                (n.clone(), bytes.clone())
            } else {
                (n.clone(), b.clone())
            }
        })
        .collect()
}

#[test]
fn a_manifest_that_hides_evidence_is_caught_by_its_own_chain() {
    let (dir, zip) = bundle();
    let dir = dir.path();
    let all = entries(&zip);
    let manifest = manifest_of(&all);
    let (i, name) = first_original(&all);
    let exhibit = name["originals/".len()..]
        .split('-')
        .next()
        .and_then(|n| n.parse::<i64>().ok())
        .expect("exhibit number");
    let check = |what: &str, entries: &Entries, expect: &str| {
        let path = dir.join(format!("{}.zip", what.replace(' ', "-")));
        repack(&path, entries);
        let (code, out) = verify(&path);
        assert_eq!(code, 3, "{what}: {out}");
        assert!(out.contains(expect), "{what}: expected {expect:?} in {out}");
    };
    // An original removed, and its exhibit taken out of the list.
    let mut m = manifest.clone();
    m["exhibits"]
        .as_array_mut()
        .expect("exhibits")
        .retain(|e| e["exhibit"] != exhibit);
    let mut removed = with_manifest(&all, &m);
    removed.remove(i);
    check(
        "original removed",
        &removed,
        &format!("exhibit {exhibit}: audit entry"),
    );
    check(
        "original removed",
        &removed,
        "but the manifest does not list it — it was removed",
    );
    // Every exhibit taken out, with every original.
    let mut m = manifest.clone();
    m["exhibits"] = serde_json::json!([]);
    let emptied: Entries = with_manifest(&all, &m)
        .into_iter()
        .filter(|(n, _)| !n.starts_with("originals/"))
        .collect();
    check(
        "exhibits emptied",
        &emptied,
        "but the manifest does not list it",
    );
    // Every event taken out.
    let mut m = manifest.clone();
    m["events"] = serde_json::json!([]);
    check(
        "events emptied",
        &with_manifest(&all, &m),
        "events from it, the manifest has 0 — events were removed or added",
    );
    // The last three entries of the chain cut: the chain still walks, but
    // the exhibits those entries added are listed without them.
    let mut m = manifest.clone();
    let audit = m["audit"].as_array_mut().expect("audit");
    let cut_from = audit.len() - 3;
    let last_added = serde_json::from_str::<serde_json::Value>(
        audit[audit.len() - 1]["details"].as_str().expect("details"),
    )
    .expect("details json")["exhibit"]
        .as_i64()
        .expect("exhibit");
    audit.truncate(cut_from);
    check(
        "tail cut",
        &with_manifest(&all, &m),
        &format!(
            "exhibit {last_added}: listed in the manifest, but no audit entry records that it was added"
        ),
    );
    // A manifest far larger than any case's: refused before it is parsed.
    let mut huge = manifest_of(&all).to_string().into_bytes();
    huge.resize(huge.len() + (65 << 20), b' ');
    let big: Entries = all
        .iter()
        .map(|(n, b)| {
            let b = if n == "manifest.json" {
                huge.clone()
            } else {
                b.clone()
            };
            (n.clone(), b)
        })
        .collect();
    check(
        "huge manifest",
        &big,
        "more than the 64 MiB a bundle's manifest may have; it is not read",
    );
}

#[test]
fn the_pdf_must_print_the_manifest_it_comes_with() {
    let (dir, zip) = bundle();
    let dir = dir.path();
    let all = entries(&zip);
    let manifest = manifest_of(&all);
    let old = dossier_core::hash::sha256_hex(
        &all.iter().find(|(n, _)| n == "manifest.json").expect("m").1,
    );
    let (i, name) = first_original(&all);
    // A careful forgery: an original swapped, its hash and size changed in
    // the exhibit list and in the audit entry that added it, the chain's
    // hashes computed again from there on, and the PDF's /Identifier
    // rewritten. Only the pages still print the old manifest's hash.
    let forged_bytes = b"a different picture".to_vec();
    let forged_sha = dossier_core::hash::sha256_hex(&forged_bytes);
    let mut m = manifest.clone();
    let exhibit = m["exhibits"]
        .as_array_mut()
        .expect("exhibits")
        .iter_mut()
        .find(|e| e["file"] == name.as_str())
        .expect("listed");
    let old_sha = exhibit["sha256"].as_str().expect("sha").to_owned();
    exhibit["sha256"] = forged_sha.clone().into();
    exhibit["size"] = forged_bytes.len().into();
    let mut prev = String::new();
    for (k, a) in m["audit"]
        .as_array_mut()
        .expect("audit")
        .iter_mut()
        .enumerate()
    {
        let text = |k: &str| a[k].as_str().expect("text").to_owned();
        let mut details = text("details");
        if details.contains(&old_sha) {
            let mut d: serde_json::Value = serde_json::from_str(&details).expect("details");
            d["sha256"] = forged_sha.clone().into();
            d["size"] = forged_bytes.len().into();
            details = serde_json::to_string(&d).expect("json");
        }
        let entry = dossier_core::case::audit::AuditEntry {
            seq: a["seq"].as_i64().expect("seq"),
            at: text("at"),
            actor: text("actor"),
            action: text("action"),
            details: details.clone(),
            prev_hash: if k == 0 {
                text("prev_hash")
            } else {
                prev.clone()
            },
            hash: String::new(),
        };
        let hash = entry.computed_hash();
        a["details"] = details.into();
        a["prev_hash"] = entry.prev_hash.clone().into();
        a["hash"] = hash.clone().into();
        prev = hash;
    }
    let mut forged = with_manifest(&all, &m);
    forged[i].1 = forged_bytes;
    let new = dossier_core::hash::sha256_hex(
        &forged
            .iter()
            .find(|(n, _)| n == "manifest.json")
            .expect("m")
            .1,
    );
    let pdf = &mut forged
        .iter_mut()
        .find(|(n, _)| n == "dossier.pdf")
        .expect("pdf")
        .1;
    let tag = format!("manifest-sha256:{old}");
    let at = pdf
        .windows(tag.len())
        .position(|w| w == tag.as_bytes())
        .expect("the identifier is written as text");
    pdf[at..at + tag.len()].copy_from_slice(format!("manifest-sha256:{new}").as_bytes());
    let path = dir.join("swapped.zip");
    repack(&path, &forged);
    let (code, out) = verify(&path);
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains(&format!(
            "dossier.pdf page 1 prints the manifest hash {old}, not this manifest's"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "dossier.pdf page 2 prints the manifest hash {}…, not this manifest's",
            &old[..16]
        )),
        "{out}"
    );
    assert!(
        !out.contains("SHA-256 is") && !out.contains("audit chain"),
        "the forgery is consistent but for the pages: {out}"
    );
    // A PDF replaced by a text file holding the identifier.
    let mut text = all.clone();
    let p = text
        .iter()
        .position(|(n, _)| n == "dossier.pdf")
        .expect("pdf");
    text[p].1 = format!("/Identifier (manifest-sha256:{old})").into_bytes();
    let path = dir.join("text.zip");
    repack(&path, &text);
    let (code, out) = verify(&path);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("dossier.pdf is not a readable PDF"), "{out}");
}

#[test]
fn verify_says_what_a_bundle_cannot_prove() {
    let (_dir, zip) = bundle();
    let all = entries(&zip);
    let manifest = manifest_of(&all);
    let sha = dossier_core::hash::sha256_hex(
        &all.iter().find(|(n, _)| n == "manifest.json").expect("m").1,
    );
    let last = manifest["audit"]
        .as_array()
        .and_then(|a| a.last())
        .expect("an audit entry");
    let (code, out) = verify(&zip);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("manifest SHA-256: {sha}")), "{out}");
    assert!(
        out.contains(&format!(
            "chain head: entry {}, hash {}",
            last["seq"],
            last["hash"].as_str().expect("hash")
        )),
        "{out}"
    );
    assert!(
        out.contains("compare the manifest SHA-256 with one received separately (e.g. from the sender, or the dossier's printed cover)"),
        "{out}"
    );
    let r = run(["verify", &zip.display().to_string(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["manifest_sha256"], sha.as_str());
    assert_eq!(v["chain_head"]["hash"], last["hash"]);
    assert!(
        v["pages"].as_u64().unwrap_or(0) > 1,
        "every page was read: {v}"
    );
}
