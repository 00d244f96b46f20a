//! `hudhud-cli`: the command line, `daemon` and `sendmail` without a window,
//! for servers (packaged alone, with no X11, Wayland or GTK dependency).

fn main() -> std::process::ExitCode {
    hudhud_cli::main(None)
}
