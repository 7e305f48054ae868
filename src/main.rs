//! The `dgraph` binary: everything happens in [`dgraph::cli`].

fn main() -> std::process::ExitCode {
    dgraph::cli::main()
}
