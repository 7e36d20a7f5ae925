
use builtin;
use str;

set edit:completion:arg-completer[pulse-hooks] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'pulse-hooks'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'pulse-hooks'= {
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand listen 'Receive webhooks locally: verify, pretty-print, save and forward them'
            cand send 'Sign and deliver a realistic test event, with retries'
            cand replay 'Re-send captured requests: re-signed with a fresh timestamp, or as they were'
            cand sign 'Sign a payload exactly as Pulse would, for `curl -H @-` and friends'
            cand verify 'Verify captured requests (files, folders, stdin) or one message given by flags'
            cand secret 'Signing secrets and keys'
            cand events 'The Pulse event types: list them, show a sample, print the schema'
            cand portal 'Get the link to Pulse''s webhook portal (add endpoints, filter events, read delivery logs)'
            cand jobs 'Look at or cancel a Pulse job'
            cand config 'This tool''s settings: write the config file, show what is in use, print the file''s path'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pulse-hooks;listen'= {
            cand -p 'Port to listen on (0 picks a free one; the banner says which)'
            cand --port 'Port to listen on (0 picks a free one; the banner says which)'
            cand --host 'Address to bind (loopback by default; anything else is reachable from the network)'
            cand --path 'The path webhooks are posted to, or ''*'' for any path'
            cand --secret 'Secret to verify with; repeat for rotation (any one may match)'
            cand --secret-file 'Read the secret from a file (`-` for stdin)'
            cand --public-key 'A whpk_ public key to verify v1a signatures; repeatable'
            cand --tolerance 'How far a timestamp may be from now, either way'
            cand --max-body 'Largest body accepted (larger: 413)'
            cand --max-connections 'Most connections open at once'
            cand --read-timeout 'Time a client has to send a request''s headers, and then its body'
            cand --save 'Save every request as a capture file in this folder (mode 0600)'
            cand --forward-to 'Forward each verified request to your handler (method, headers and exact body)'
            cand --drain 'On shutdown, how long to keep delivering queued forwards'
            cand --api-key 'Pulse API key for --fetch-results [default: as for `jobs`]'
            cand --api-url 'Pulse API base URL for --fetch-results [default: as for `jobs`]'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --raw-secret 'Use the secret text''s own bytes as the HMAC key (non-standard: Pulse''s docs sample)'
            cand --accept-unsigned 'Accept requests without checking signatures (to explore what a sender sends)'
            cand --body 'Also print each event''s JSON body, indented and coloured'
            cand --json 'Print NDJSON on stdout: a `ready` line, then one capture per request'
            cand --forward-all 'Forward every request that reached verification, verified or not'
            cand --fetch-results 'For job.completed events, fetch the job from the Pulse API and print a summary of its result'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;send'= {
            cand --payload 'Send this file''s exact bytes instead of a template (`-` for stdin)'
            cand --set 'Override a template field: data.pages_processed=40 (value parsed as JSON when it parses)'
            cand --to 'Where to send: a URL, a port (5000) or :port/path'
            cand -H 'An extra header, `Name: value`; repeatable'
            cand --header 'An extra header, `Name: value`; repeatable'
            cand --timeout 'Time allowed for each attempt'
            cand --retries 'Attempts after the first, on connection errors, timeouts, 408, 425, 429 and 5xx'
            cand --backoff 'The first wait before a retry (doubled each time, with full jitter)'
            cand --max-backoff 'The longest wait before a retry (also caps Retry-After)'
            cand --count 'Load mode: send this many distinct events (each its own webhook-id)'
            cand --concurrency 'Load mode: requests in flight at once'
            cand --rate 'Load mode: at most this many requests per second (default: as fast as the receiver answers)'
            cand --signature-encoding 'Signature encoding: base64 (standard) or hex (non-standard: Pulse''s docs sample)'
            cand --secret 'Signing secret: whsec_… (or bare base64), or a whsk_… key to sign v1a'
            cand --secret-file 'Read the secret from a file (`-` for stdin)'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --dry-run 'Print the signed request instead of sending it'
            cand --json 'Print the result as JSON'
            cand --raw-secret 'Use the secret text''s own bytes as the HMAC key (non-standard: Pulse''s docs sample)'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;replay'= {
            cand --to 'Where to send: a URL, a port (5000) or :port/path'
            cand -H 'An extra header, `Name: value`; repeatable'
            cand --header 'An extra header, `Name: value`; repeatable'
            cand --timeout 'Time allowed for each attempt'
            cand --retries 'Attempts after the first, on connection errors, timeouts, 408, 425, 429 and 5xx'
            cand --backoff 'The first wait before a retry (doubled each time, with full jitter)'
            cand --max-backoff 'The longest wait before a retry (also caps Retry-After)'
            cand --secret 'Signing secret: whsec_… (or bare base64), or a whsk_… key to sign v1a'
            cand --secret-file 'Read the secret from a file (`-` for stdin)'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --as-is 'Send the original headers instead of re-signing with a fresh timestamp'
            cand --json 'Print a JSON line per capture'
            cand --raw-secret 'Use the secret text''s own bytes as the HMAC key (non-standard: Pulse''s docs sample)'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;sign'= {
            cand --id 'Message id [default: a new msg_ + KSUID]'
            cand --timestamp 'Unix seconds or RFC 3339 [default: now]'
            cand -f 'What to print'
            cand --format 'What to print'
            cand --url 'The receiver''s URL, for `--format curl` and `--format http`'
            cand --signature-encoding 'Signature encoding: base64 (standard) or hex (non-standard: Pulse''s docs sample)'
            cand --secret 'Signing secret: whsec_… (or bare base64), or a whsk_… key to sign v1a'
            cand --secret-file 'Read the secret from a file (`-` for stdin)'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --raw-secret 'Use the secret text''s own bytes as the HMAC key (non-standard: Pulse''s docs sample)'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;verify'= {
            cand --secret 'Secret to verify with; repeat for rotation (any one may match)'
            cand --secret-file 'Read the secret from a file (`-` for stdin)'
            cand --public-key 'A whpk_ public key to verify v1a signatures; repeatable'
            cand --tolerance 'How far the timestamp may be from now, either way'
            cand --now 'Check timestamps against this time instead of the clock (Unix seconds or RFC 3339)'
            cand --payload 'Verify one message: this body file (`-` for stdin), with --id/--timestamp/--signature or -H'
            cand --id 'The message''s webhook-id (with --payload)'
            cand --timestamp 'The message''s webhook-timestamp (with --payload)'
            cand --signature 'The message''s webhook-signature (with --payload)'
            cand -H 'A header of the message, `name: value` (with --payload); repeatable'
            cand --header 'A header of the message, `name: value` (with --payload); repeatable'
            cand --junit 'Also write a JUnit XML report to this file'
            cand --jobs 'Worker threads [default: the number of CPUs]'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --raw-secret 'Use the secret text''s own bytes as the HMAC key (non-standard: Pulse''s docs sample)'
            cand --ignore-timestamp 'Do not check timestamps at all (stored fixtures)'
            cand --json 'Print a JSON report instead of lines'
            cand -q 'Print only failures and the summary'
            cand --quiet 'Print only failures and the summary'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;secret'= {
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand generate 'Print a new whsec_ secret (24 random bytes), or a whsk_/whpk_ key pair'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pulse-hooks;secret;generate'= {
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --asymmetric 'An ed25519 key pair for v1a: the whsk_ secret key, then the whpk_ public key'
            cand --json 'Print JSON'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;secret;help'= {
            cand generate 'Print a new whsec_ secret (24 random bytes), or a whsk_/whpk_ key pair'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pulse-hooks;secret;help;generate'= {
        }
        &'pulse-hooks;secret;help;help'= {
        }
        &'pulse-hooks;events'= {
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --json 'Print JSON'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print a sample payload of a type, with a fresh job id and timestamp'
            cand schema 'Print a JSON Schema of the event envelope'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pulse-hooks;events;show'= {
            cand --set 'Override a field: data.pages_processed=40 (value parsed as JSON when it parses)'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --compact 'One line instead of indented JSON'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;events;schema'= {
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;events;help'= {
            cand show 'Print a sample payload of a type, with a fresh job id and timestamp'
            cand schema 'Print a JSON Schema of the event envelope'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pulse-hooks;events;help;show'= {
        }
        &'pulse-hooks;events;help;schema'= {
        }
        &'pulse-hooks;events;help;help'= {
        }
        &'pulse-hooks;portal'= {
            cand --api-key 'Pulse API key [default: PULSE_API_KEY, the config file, the Pulse CLI''s ~/.pulse/config.toml]'
            cand --api-url 'Pulse API base URL [default: PULSE_API_URL, the config files, https://api.runpulse.com]'
            cand --timeout 'Time allowed for each attempt'
            cand --retries 'Attempts after the first, on connection errors, 408, 429 and 5xx'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --open 'Open the link in the browser'
            cand --json 'Print `{\"link\": …}`'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;jobs'= {
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand get 'Show a job: status, times, error and a summary of its result'
            cand cancel 'Ask Pulse to cancel a job (finished jobs stay as they are)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pulse-hooks;jobs;get'= {
            cand --api-key 'Pulse API key [default: PULSE_API_KEY, the config file, the Pulse CLI''s ~/.pulse/config.toml]'
            cand --api-url 'Pulse API base URL [default: PULSE_API_URL, the config files, https://api.runpulse.com]'
            cand --timeout 'Time allowed for each attempt'
            cand --retries 'Attempts after the first, on connection errors, 408, 429 and 5xx'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --json 'Print the API''s JSON body as it came'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;jobs;cancel'= {
            cand --api-key 'Pulse API key [default: PULSE_API_KEY, the config file, the Pulse CLI''s ~/.pulse/config.toml]'
            cand --api-url 'Pulse API base URL [default: PULSE_API_URL, the config files, https://api.runpulse.com]'
            cand --timeout 'Time allowed for each attempt'
            cand --retries 'Attempts after the first, on connection errors, 408, 429 and 5xx'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --json 'Print the API''s JSON body as it came'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;jobs;help'= {
            cand get 'Show a job: status, times, error and a summary of its result'
            cand cancel 'Ask Pulse to cancel a job (finished jobs stay as they are)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pulse-hooks;jobs;help;get'= {
        }
        &'pulse-hooks;jobs;help;cancel'= {
        }
        &'pulse-hooks;jobs;help;help'= {
        }
        &'pulse-hooks;config'= {
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Write the config file: API key, signing secret, API URL (asks on a terminal)'
            cand show 'Show the settings in use and where each came from (secrets redacted)'
            cand path 'Print the config file''s path'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pulse-hooks;config;init'= {
            cand --api-key 'The Pulse API key to save'
            cand --webhook-secret 'The webhook signing secret to save (whsec_…, from the Pulse portal)'
            cand --api-url 'The API URL to save'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --force 'Replace an existing file without asking'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;config;show'= {
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --json 'Print JSON'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;config;path'= {
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;config;help'= {
            cand init 'Write the config file: API key, signing secret, API URL (asks on a terminal)'
            cand show 'Show the settings in use and where each came from (secrets redacted)'
            cand path 'Print the config file''s path'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pulse-hooks;config;help;init'= {
        }
        &'pulse-hooks;config;help;show'= {
        }
        &'pulse-hooks;config;help;path'= {
        }
        &'pulse-hooks;config;help;help'= {
        }
        &'pulse-hooks;completions'= {
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;man'= {
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --no-input 'Never prompt; fail with a hint instead (also when CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pulse-hooks;help'= {
            cand listen 'Receive webhooks locally: verify, pretty-print, save and forward them'
            cand send 'Sign and deliver a realistic test event, with retries'
            cand replay 'Re-send captured requests: re-signed with a fresh timestamp, or as they were'
            cand sign 'Sign a payload exactly as Pulse would, for `curl -H @-` and friends'
            cand verify 'Verify captured requests (files, folders, stdin) or one message given by flags'
            cand secret 'Signing secrets and keys'
            cand events 'The Pulse event types: list them, show a sample, print the schema'
            cand portal 'Get the link to Pulse''s webhook portal (add endpoints, filter events, read delivery logs)'
            cand jobs 'Look at or cancel a Pulse job'
            cand config 'This tool''s settings: write the config file, show what is in use, print the file''s path'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pulse-hooks;help;listen'= {
        }
        &'pulse-hooks;help;send'= {
        }
        &'pulse-hooks;help;replay'= {
        }
        &'pulse-hooks;help;sign'= {
        }
        &'pulse-hooks;help;verify'= {
        }
        &'pulse-hooks;help;secret'= {
            cand generate 'Print a new whsec_ secret (24 random bytes), or a whsk_/whpk_ key pair'
        }
        &'pulse-hooks;help;secret;generate'= {
        }
        &'pulse-hooks;help;events'= {
            cand show 'Print a sample payload of a type, with a fresh job id and timestamp'
            cand schema 'Print a JSON Schema of the event envelope'
        }
        &'pulse-hooks;help;events;show'= {
        }
        &'pulse-hooks;help;events;schema'= {
        }
        &'pulse-hooks;help;portal'= {
        }
        &'pulse-hooks;help;jobs'= {
            cand get 'Show a job: status, times, error and a summary of its result'
            cand cancel 'Ask Pulse to cancel a job (finished jobs stay as they are)'
        }
        &'pulse-hooks;help;jobs;get'= {
        }
        &'pulse-hooks;help;jobs;cancel'= {
        }
        &'pulse-hooks;help;config'= {
            cand init 'Write the config file: API key, signing secret, API URL (asks on a terminal)'
            cand show 'Show the settings in use and where each came from (secrets redacted)'
            cand path 'Print the config file''s path'
        }
        &'pulse-hooks;help;config;init'= {
        }
        &'pulse-hooks;help;config;show'= {
        }
        &'pulse-hooks;help;config;path'= {
        }
        &'pulse-hooks;help;completions'= {
        }
        &'pulse-hooks;help;man'= {
        }
        &'pulse-hooks;help;help'= {
        }
    ]
    $completions[$command]
}
