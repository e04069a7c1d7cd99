use std::process::ExitCode;

fn main() -> ExitCode {
    lectern::cli::main()
}
