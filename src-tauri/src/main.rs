//! The `dossier-app` binary: the desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    dossier_app::run();
}
