//! `wasi-dependent <header> <secret> <body>`: verifies a delivery with the core's `verify_now`
//! (the system clock, through WASI's `clock_time_get`) and prints `ok <event id>` or the error
//! code. Exit status 0 when it verifies, 1 when it does not, 2 on bad arguments.

use kinetic_flow_core::webhook::Verifier;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, header, secret, body] = args.as_slice() else {
        eprintln!("usage: wasi-dependent <header> <secret> <body>");
        std::process::exit(2);
    };
    let verifier = match Verifier::new(&[secret]) {
        Ok(v) => v,
        Err(e) => {
            println!("{}", e.code());
            std::process::exit(1);
        }
    };
    match verifier.verify_now(body.as_bytes(), header) {
        Ok(verified) => println!("ok {}", verified.event.id),
        Err(e) => {
            println!("{}", e.code());
            std::process::exit(1);
        }
    }
}
