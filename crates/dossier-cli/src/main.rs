//! The `dossier` binary: everything lives in the library so that the
//! end-to-end tests can build the very same program.

fn main() -> std::process::ExitCode {
    dossier_cli::main()
}
