//! Kinds come from magic bytes, never from names.

use dossier_core::Kind;
use dossier_core::model::kind::sniff;

fn check(head: &[u8], kind: Kind, media_type: Option<&str>) {
    let (k, m) = sniff(head);
    assert_eq!(
        (k, m.as_deref()),
        (kind, media_type),
        "sniffing {:?}",
        &head[..head.len().min(16)]
    );
}

#[test]
fn kinds_from_content() {
    let jpeg = dossier_core::synth::photo(
        &mut dossier_core::synth::Rng(1),
        "2026:03:05 21:03:11",
        None,
    );
    check(&jpeg, Kind::Image, Some("image/jpeg"));
    check(
        &dossier_core::synth::png(1, 1, &[0, 1, 2, 3]),
        Kind::Image,
        Some("image/png"),
    );
    check(
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        Kind::Document,
        Some("application/pdf"),
    );
    check(b"#!AMR\n\x3c\x00\x00\x00", Kind::Audio, Some("audio/amr"));
    check(
        &dossier_core::synth::wav(&mut dossier_core::synth::Rng(2), 1),
        Kind::Audio,
        Some("audio/x-wav"),
    );
    check(
        b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00M4A isom",
        Kind::Audio,
        Some("audio/m4a"),
    );
    check(
        b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2",
        Kind::Video,
        Some("video/mp4"),
    );
    check(
        "催收员说要去我单位\n".as_bytes(),
        Kind::Text,
        Some("text/plain"),
    );
    check(b"plain ascii words\r\n", Kind::Text, Some("text/plain"));
    check(&[0x00, 0x01, 0x02, 0x03, 0xff, 0x10], Kind::Other, None);
}

#[test]
fn a_character_cut_at_the_end_of_the_head_is_still_text() {
    let text = "短信内容".as_bytes();
    check(&text[..text.len() - 1], Kind::Text, Some("text/plain"));
}
