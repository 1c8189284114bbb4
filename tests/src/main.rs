//! The `dossier` program, built under this package's name so the end-to-end
//! tests can run it as a process (cargo only hands a test the path of its own
//! package's binaries).

fn main() -> std::process::ExitCode {
    dossier_cli::main()
}
