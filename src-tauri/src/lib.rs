//! Dossier's desktop shell: Tauri commands that decode the UI's request,
//! call dossier-core, and map the result or error into the shapes of
//! [`dto`]. Everything that matters happens in the core.

pub mod bindings;
mod commands;
mod convert;
pub mod dto;
mod error;
mod pick;
mod progress;
mod protocol;
mod recent;
mod state;

use state::AppState;
use std::path::PathBuf;
use tauri::Manager;

/// Tells WebKitGTK this is a document viewer, not a browser: it then keeps
/// no memory cache of resources it already showed. Without it, scrolling
/// through ten thousand screenshots keeps every decoded one around.
fn lean_cache(app: &tauri::App) {
    #[cfg(target_os = "linux")]
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.with_webview(|webview| {
            use webkit2gtk::{CacheModel, SecurityManagerExt, WebContextExt, WebViewExt};
            if let Some(context) = webview.inner().context() {
                context.set_cache_model(CacheModel::DocumentViewer);
                if let Some(security) = context.security_manager() {
                    security.register_uri_scheme_as_cors_enabled("evidence");
                }
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

/// Starts the app; `dossier-app CASE` opens that case at once.
pub fn run() {
    let open_at_start = std::env::args_os()
        .skip(1)
        .find(|a| !a.to_string_lossy().starts_with('-'))
        .map(PathBuf::from);
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(move |app| {
            let config = app.path().app_config_dir().ok();
            app.manage(AppState::new(config, open_at_start.clone()));
            lean_cache(app);
            Ok(())
        })
        .register_asynchronous_uri_scheme_protocol("evidence", |ctx, request, responder| {
            let scope = ctx.app_handle().state::<AppState>().scope.clone();
            let thumbnail = protocol::is_thumbnail(request.uri().path());
            let job = move || responder.respond(protocol::serve(&scope, &request));
            if thumbnail {
                protocol::thumbnails().push(Box::new(job));
            } else {
                std::thread::spawn(job);
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::case::app_info,
            commands::case::set_language,
            commands::case::cancel,
            commands::case::pick,
            commands::case::case_create,
            commands::case::case_open,
            commands::case::case_unlock,
            commands::protect::case_encrypt,
            commands::protect::case_decrypt,
            commands::protect::case_change_passphrase,
            commands::case::case_summary,
            commands::case::case_close,
            commands::case::bundle_open,
            commands::case::bundle_close,
            commands::evidence::evidence_list,
            commands::evidence::add_files,
            commands::evidence::add_note,
            commands::evidence::import_preview,
            commands::evidence::import_run,
            commands::evidence::exhibit,
            commands::evidence::annotate,
            commands::evidence::remove_tag,
            commands::analysis::timeline,
            commands::analysis::findings,
            commands::analysis::parties,
            commands::analysis::party_set,
            commands::analysis::paydays_set,
            commands::analysis::cease_record,
            commands::analysis::cease_withdraw,
            commands::output::export_run,
            commands::output::reveal,
            commands::output::verify_case,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("dossier-app: cannot start: {e}");
        std::process::exit(1);
    }
}
