//! `dossier verify`: a case, a bundle or a sealed bundle checked.

use crate::*;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The case folder, or a bundle (ZIP) made by `dossier export --bundle`; a sealed one (.age) is opened beside itself first, with DOSSIER_EXPORT_PASSPHRASE or the passphrase typed.
    pub case: PathBuf,
    /// Print the documented JSON schema (dossier.verify/1) instead of text.
    #[arg(long)]
    pub json: bool,
    /// A chain head kept from earlier (the hash `verify` printed, or one from a timestamp): the case must still contain that audit entry, so nothing before it was cut or replaced.
    #[arg(long, value_name = "HASH")]
    pub head: Vec<String>,
    /// An earlier manifest.json or bundle .zip of this case: its last audit entry must still be in the chain.
    #[arg(long, value_name = "FILE")]
    pub against: Vec<PathBuf>,
}

pub(crate) fn verify_cmd(lang: Lang, a: VerifyArgs) -> Exit {
    if a.case.is_file() {
        return verify_bundle(lang, &a);
    }
    let case = match open_unlocked(lang, &a.case) {
        Ok(case) => case,
        Err(e) => {
            let exit = match e {
                Unopened::Case(CaseError::Damaged { .. } | CaseError::KeyDamaged { .. }) => {
                    Exit::Integrity
                }
                _ => Exit::BadInput,
            };
            if a.json
                && exit == Exit::Integrity
                && let Unopened::Case(e) = &e
            {
                println!("{}", json::verify_unopenable(&e.to_string()));
            }
            fail(e.message(lang));
            return exit;
        }
    };
    let mut heads = Vec::new();
    for hash in &a.head {
        let hash = hash.trim().to_ascii_lowercase();
        if !dossier_core::hash::is_sha256_hex(&hash) {
            fail(lang.bad_head(&hash));
            return Exit::BadInput;
        }
        heads.push(verify::Head {
            seq: None,
            hash,
            from: "--head".into(),
        });
    }
    for path in &a.against {
        match dossier_core::export::manifest::head_from_file(path) {
            Ok(head) => heads.push(head),
            Err(e) => {
                fail(lang.head_error(&e));
                return Exit::BadInput;
            }
        }
    }
    let mut bar = progress::Bar::default();
    let report = verify::verify_with(&case, &heads, &mut bar);
    if a.json {
        println!("{}", json::verify(&report));
    } else if report.is_intact() {
        say!(
            "{}",
            lang.verify_ok(
                report.exhibits,
                &human_size(report.bytes_hashed),
                report.audit_entries,
                report.rows,
            )
        );
        for head in &report.heads_confirmed {
            println!("{}", lang.head_confirmed(head));
        }
        if let Some((seq, hash)) = &report.head {
            println!(
                "{}",
                lang.verify_head(*seq, hash, !report.heads_confirmed.is_empty())
            );
        }
    } else {
        say!("{}", lang.verify_bad(report.problems.len()));
        for p in &report.problems {
            say!("  - {}", shown::name(&lang.problem(p)));
        }
    }
    if report.is_intact() {
        Exit::Success
    } else {
        Exit::Integrity
    }
}

/// `dossier verify BUNDLE.zip`.
pub(crate) fn verify_bundle(lang: Lang, a: &VerifyArgs) -> Exit {
    let mut head = [0u8; 32];
    let n = std::fs::File::open(&a.case)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    if dossier_core::export::age::is_age(&head[..n]) {
        return verify_sealed_bundle(lang, a);
    }
    check_bundle(lang, &a.case, a.json)
}

/// A sealed bundle (`export --seal`): opened beside itself (`b.zip.age` →
/// `b.zip`, as `age -d` would), then verified.
pub(crate) fn verify_sealed_bundle(lang: Lang, a: &VerifyArgs) -> Exit {
    let name = a.case.to_string_lossy();
    let opened = match name.strip_suffix(".age") {
        Some(stem) if !stem.is_empty() => std::path::PathBuf::from(stem),
        _ => {
            let mut n = a.case.as_os_str().to_owned();
            n.push(".opened");
            std::path::PathBuf::from(n)
        }
    };
    let vars = [secret::EXPORT_PASSPHRASE_VAR, secret::PASSPHRASE_VAR];
    let passphrase = match secret::existing_from(lang, &name, &vars) {
        Ok(p) => p,
        Err(m) => {
            fail(m.message(lang));
            return Exit::BadInput;
        }
    };
    match dossier_core::export::age::open_to_file(&passphrase, &a.case, &opened) {
        Ok(_) => {
            if !a.json {
                say!("{}", lang.sealed_opened(&opened.display().to_string()));
            }
            check_bundle(lang, &opened, a.json)
        }
        Err(e) => {
            fail(lang.sealed_error(&name, &e));
            match e {
                dossier_core::export::age::AgeError::Damaged => Exit::Integrity,
                _ => Exit::BadInput,
            }
        }
    }
}

pub(crate) fn check_bundle(lang: Lang, path: &Path, json_out: bool) -> Exit {
    let report = match dossier_core::export::bundle::verify(path) {
        Ok(report) => report,
        Err(e) => {
            fail(lang.bundle_read_error(&path.display().to_string(), &e));
            return Exit::BadInput;
        }
    };
    if json_out {
        println!("{}", json::verify_bundle(&report));
    } else {
        if report.problems.is_empty() {
            say!("{}", lang.bundle_ok(report.originals, report.audit_entries));
        } else {
            let heading = if report.is_damage_only() {
                lang.bundle_damaged(report.problems.len())
            } else {
                lang.bundle_bad(report.problems.len())
            };
            say!("{heading}");
            for p in &report.problems {
                say!("  - {}", shown::name(&lang.bundle_problem(p)));
            }
        }
        // Said every time: what is consistent in itself may still not be
        // what was sent.
        if let Some(manifest) = &report.manifest_sha256 {
            say!(
                "{}",
                lang.bundle_provenance(manifest, report.chain_head.as_ref())
            );
        }
    }
    if report.problems.is_empty() {
        Exit::Success
    } else {
        Exit::Integrity
    }
}

/// This command's help in Chinese, by subcommand and argument id (an empty
/// id is the command's own summary); the English help is the doc comments
/// above.
pub(crate) const HELP_ZH: &[(&str, &str, &str)] = &[
    (
        "verify",
        "",
        "重新计算每份原件的哈希，检查保管链、每一行记录和数据库结构",
    ),
    (
        "verify",
        "case",
        "案件文件夹，或 dossier export --bundle 生成的证据包（ZIP）；加密的证据包（.age）会先在旁边解开，口令取自 DOSSIER_EXPORT_PASSPHRASE 或在终端输入",
    ),
    (
        "verify",
        "json",
        "输出文档化的 JSON（dossier.verify/1）而不是文字",
    ),
    (
        "verify",
        "head",
        "之前保留的链头哈希（verify 打印的，或时间戳中的）：案件必须仍含有该保管链记录，证明其前的记录未被截去或替换",
    ),
    (
        "verify",
        "against",
        "本案件之前导出的 manifest.json 或证据包 .zip：其最后一条保管链记录必须仍在链中",
    ),
];
