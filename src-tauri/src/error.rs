//! Core errors → `{ code, message }`: the code from the closed
//! [`ErrorCode`], the message in the UI's language, written by the same
//! catalog the command line uses.

use crate::dto::{AppError, ErrorCode};
use dossier_core::CaseError;
use dossier_core::evidence::ingest::IngestError;
use dossier_core::words::Lang;

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError {
            code,
            message: message.into(),
        }
    }

    pub fn no_case(lang: Lang) -> AppError {
        AppError::new(ErrorCode::NoCase, lang.no_case_open())
    }

    pub fn busy(lang: Lang) -> AppError {
        AppError::new(ErrorCode::Busy, lang.busy())
    }

    pub fn read_only(lang: Lang) -> AppError {
        AppError::new(ErrorCode::ReadOnly, lang.read_only())
    }

    pub fn cancelled(lang: Lang) -> AppError {
        AppError::new(ErrorCode::Cancelled, lang.stopped())
    }

    pub fn bad_input(message: impl Into<String>) -> AppError {
        AppError::new(ErrorCode::BadInput, message)
    }

    pub fn internal(e: impl std::fmt::Display) -> AppError {
        AppError::new(ErrorCode::Internal, e.to_string())
    }

    pub fn case(lang: Lang, e: &CaseError) -> AppError {
        let code = match e {
            CaseError::NotACase { .. } => ErrorCode::NotACase,
            CaseError::AlreadyExists { .. } => ErrorCode::AlreadyExists,
            CaseError::NewerSchema { .. } => ErrorCode::NewerSchema,
            CaseError::Damaged { .. } | CaseError::KeyDamaged { .. } => ErrorCode::Damaged,
            CaseError::UnknownTimeZone { .. } | CaseError::NotADay { .. } => ErrorCode::BadInput,
            CaseError::Io { source, .. } => io_code(source),
            CaseError::Sqlite { .. } => ErrorCode::Internal,
            CaseError::Locked { .. } => ErrorCode::Locked,
            CaseError::WrongPassphrase { .. } => ErrorCode::WrongPassphrase,
            CaseError::InUse { .. } => ErrorCode::InUse,
            CaseError::NotEncrypted { .. }
            | CaseError::AlreadyEncrypted { .. }
            | CaseError::WeakPassphrase => ErrorCode::BadInput,
            CaseError::Crypto(_) => ErrorCode::Internal,
            CaseError::Stopped => return AppError::cancelled(lang),
        };
        AppError::new(code, lang.case_error(e))
    }

    pub fn ingest(lang: Lang, e: &IngestError) -> AppError {
        AppError::new(ingest_code(e), lang.ingest_error(e))
    }

    pub fn import(lang: Lang, e: &dossier_core::import::ImportError) -> AppError {
        use dossier_core::import::ImportError;
        let code = match e {
            ImportError::Source(e) => ingest_code(e),
            ImportError::Undetected { .. } => ErrorCode::Undetected,
            ImportError::Malformed { .. }
            | ImportError::Schema { .. }
            | ImportError::TooLong { .. }
            | ImportError::Unterminated { .. } => ErrorCode::Malformed,
            ImportError::NeedsMapping { .. } => ErrorCode::NeedsMapping,
            ImportError::Owner { .. } => ErrorCode::BadInput,
            ImportError::Record { .. } => ErrorCode::Internal,
            ImportError::Cancelled { .. } => return AppError::cancelled(lang),
        };
        AppError::new(code, lang.import_error(e))
    }

    pub fn export(lang: Lang, e: &dossier_core::export::files::WriteError) -> AppError {
        use dossier_core::export::files::WriteError;
        match e {
            WriteError::Export(e) => AppError::new(ErrorCode::Internal, lang.export_error(e)),
            WriteError::File { path, source } => AppError::new(
                io_code(source),
                lang.export_write_error(&path.display().to_string(), source),
            ),
            WriteError::InTheWay { path } => AppError::new(
                ErrorCode::BadInput,
                lang.export_in_the_way(&path.display().to_string()),
            ),
            WriteError::Cancelled => AppError::cancelled(lang),
        }
    }
}

fn ingest_code(e: &IngestError) -> ErrorCode {
    match e {
        IngestError::NotFound { .. } => ErrorCode::NotFound,
        IngestError::DiskFull { .. } => ErrorCode::DiskFull,
        IngestError::Record { .. } => ErrorCode::Internal,
        IngestError::InsideCase { .. } => ErrorCode::BadInput,
        _ => ErrorCode::Unreadable,
    }
}

fn io_code(e: &std::io::Error) -> ErrorCode {
    match e.kind() {
        std::io::ErrorKind::NotFound => ErrorCode::NotFound,
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => ErrorCode::DiskFull,
        _ => ErrorCode::Unreadable,
    }
}
