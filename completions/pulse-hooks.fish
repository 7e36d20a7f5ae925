# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_pulse_hooks_global_optspecs
    string join \n color= no-input h/help V/version
end

function __fish_pulse_hooks_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_pulse_hooks_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_pulse_hooks_using_subcommand
    set -l cmd (__fish_pulse_hooks_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -f -a "listen" -d 'Receive webhooks locally: verify, pretty-print, save and forward them'
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -f -a "send" -d 'Sign and deliver a realistic test event, with retries'
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -f -a "replay" -d 'Re-send captured requests: re-signed with a fresh timestamp, or as they were'
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -f -a "sign" -d 'Sign a payload exactly as Pulse would, for `curl -H @-` and friends'
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -f -a "verify" -d 'Verify captured requests (files, folders, stdin) or one message given by flags'
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -f -a "secret" -d 'Signing secrets and keys'
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -f -a "events" -d 'The Pulse event types: list them, show a sample, print the schema'
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -f -a "portal" -d 'Get the link to Pulse\'s webhook portal (add endpoints, filter events, read delivery logs)'
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -f -a "jobs" -d 'Look at or cancel a Pulse job'
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -f -a "config" -d 'This tool\'s settings: write the config file, show what is in use, print the file\'s path'
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c pulse-hooks -n "__fish_pulse_hooks_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -s p -l port -d 'Port to listen on (0 picks a free one; the banner says which)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l host -d 'Address to bind (loopback by default; anything else is reachable from the network)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l path -d 'The path webhooks are posted to, or \'*\' for any path' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l secret -d 'Secret to verify with; repeat for rotation (any one may match)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l secret-file -d 'Read the secret from a file (`-` for stdin)' -r -F
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l public-key -d 'A whpk_ public key to verify v1a signatures; repeatable' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l tolerance -d 'How far a timestamp may be from now, either way' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l max-body -d 'Largest body accepted (larger: 413)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l max-connections -d 'Most connections open at once' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l read-timeout -d 'Time a client has to send a request\'s headers, and then its body' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l save -d 'Save every request as a capture file in this folder (mode 0600)' -r -F
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l forward-to -d 'Forward each verified request to your handler (method, headers and exact body)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l drain -d 'On shutdown, how long to keep delivering queued forwards' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l api-key -d 'Pulse API key for --fetch-results [default: as for `jobs`]' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l api-url -d 'Pulse API base URL for --fetch-results [default: as for `jobs`]' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l raw-secret -d 'Use the secret text\'s own bytes as the HMAC key (non-standard: Pulse\'s docs sample)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l accept-unsigned -d 'Accept requests without checking signatures (to explore what a sender sends)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l body -d 'Also print each event\'s JSON body, indented and coloured'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l json -d 'Print NDJSON on stdout: a `ready` line, then one capture per request'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l forward-all -d 'Forward every request that reached verification, verified or not'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l fetch-results -d 'For job.completed events, fetch the job from the Pulse API and print a summary of its result'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand listen" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l payload -d 'Send this file\'s exact bytes instead of a template (`-` for stdin)' -r -F
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l set -d 'Override a template field: data.pages_processed=40 (value parsed as JSON when it parses)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l to -d 'Where to send: a URL, a port (5000) or :port/path' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -s H -l header -d 'An extra header, `Name: value`; repeatable' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l timeout -d 'Time allowed for each attempt' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l retries -d 'Attempts after the first, on connection errors, timeouts, 408, 425, 429 and 5xx' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l backoff -d 'The first wait before a retry (doubled each time, with full jitter)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l max-backoff -d 'The longest wait before a retry (also caps Retry-After)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l count -d 'Load mode: send this many distinct events (each its own webhook-id)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l concurrency -d 'Load mode: requests in flight at once' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l rate -d 'Load mode: at most this many requests per second (default: as fast as the receiver answers)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l signature-encoding -d 'Signature encoding: base64 (standard) or hex (non-standard: Pulse\'s docs sample)' -r -f -a "base64\t''
hex\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l secret -d 'Signing secret: whsec_… (or bare base64), or a whsk_… key to sign v1a' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l secret-file -d 'Read the secret from a file (`-` for stdin)' -r -F
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l dry-run -d 'Print the signed request instead of sending it'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l json -d 'Print the result as JSON'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l raw-secret -d 'Use the secret text\'s own bytes as the HMAC key (non-standard: Pulse\'s docs sample)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand send" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand replay" -l to -d 'Where to send: a URL, a port (5000) or :port/path' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand replay" -s H -l header -d 'An extra header, `Name: value`; repeatable' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand replay" -l timeout -d 'Time allowed for each attempt' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand replay" -l retries -d 'Attempts after the first, on connection errors, timeouts, 408, 425, 429 and 5xx' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand replay" -l backoff -d 'The first wait before a retry (doubled each time, with full jitter)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand replay" -l max-backoff -d 'The longest wait before a retry (also caps Retry-After)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand replay" -l secret -d 'Signing secret: whsec_… (or bare base64), or a whsk_… key to sign v1a' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand replay" -l secret-file -d 'Read the secret from a file (`-` for stdin)' -r -F
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand replay" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand replay" -l as-is -d 'Send the original headers instead of re-signing with a fresh timestamp'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand replay" -l json -d 'Print a JSON line per capture'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand replay" -l raw-secret -d 'Use the secret text\'s own bytes as the HMAC key (non-standard: Pulse\'s docs sample)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand replay" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand replay" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand replay" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand sign" -l id -d 'Message id [default: a new msg_ + KSUID]' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand sign" -l timestamp -d 'Unix seconds or RFC 3339 [default: now]' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand sign" -s f -l format -d 'What to print' -r -f -a "headers\t'`name: value` lines, for `curl -H @-`'
curl\t'One complete curl command'
json\t'The headers as a JSON object'
http\t'A raw HTTP/1.1 request (also a capture)'
signature\t'The webhook-signature value alone'"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand sign" -l url -d 'The receiver\'s URL, for `--format curl` and `--format http`' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand sign" -l signature-encoding -d 'Signature encoding: base64 (standard) or hex (non-standard: Pulse\'s docs sample)' -r -f -a "base64\t''
hex\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand sign" -l secret -d 'Signing secret: whsec_… (or bare base64), or a whsk_… key to sign v1a' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand sign" -l secret-file -d 'Read the secret from a file (`-` for stdin)' -r -F
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand sign" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand sign" -l raw-secret -d 'Use the secret text\'s own bytes as the HMAC key (non-standard: Pulse\'s docs sample)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand sign" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand sign" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l secret -d 'Secret to verify with; repeat for rotation (any one may match)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l secret-file -d 'Read the secret from a file (`-` for stdin)' -r -F
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l public-key -d 'A whpk_ public key to verify v1a signatures; repeatable' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l tolerance -d 'How far the timestamp may be from now, either way' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l now -d 'Check timestamps against this time instead of the clock (Unix seconds or RFC 3339)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l payload -d 'Verify one message: this body file (`-` for stdin), with --id/--timestamp/--signature or -H' -r -F
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l id -d 'The message\'s webhook-id (with --payload)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l timestamp -d 'The message\'s webhook-timestamp (with --payload)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l signature -d 'The message\'s webhook-signature (with --payload)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -s H -l header -d 'A header of the message, `name: value` (with --payload); repeatable' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l junit -d 'Also write a JUnit XML report to this file' -r -F
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l jobs -d 'Worker threads [default: the number of CPUs]' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l raw-secret -d 'Use the secret text\'s own bytes as the HMAC key (non-standard: Pulse\'s docs sample)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l ignore-timestamp -d 'Do not check timestamps at all (stored fixtures)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l json -d 'Print a JSON report instead of lines'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -s q -l quiet -d 'Print only failures and the summary'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand verify" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand secret; and not __fish_seen_subcommand_from generate help" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand secret; and not __fish_seen_subcommand_from generate help" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand secret; and not __fish_seen_subcommand_from generate help" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand secret; and not __fish_seen_subcommand_from generate help" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand secret; and not __fish_seen_subcommand_from generate help" -f -a "generate" -d 'Print a new whsec_ secret (24 random bytes), or a whsk_/whpk_ key pair'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand secret; and not __fish_seen_subcommand_from generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand secret; and __fish_seen_subcommand_from generate" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand secret; and __fish_seen_subcommand_from generate" -l asymmetric -d 'An ed25519 key pair for v1a: the whsk_ secret key, then the whpk_ public key'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand secret; and __fish_seen_subcommand_from generate" -l json -d 'Print JSON'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand secret; and __fish_seen_subcommand_from generate" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand secret; and __fish_seen_subcommand_from generate" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand secret; and __fish_seen_subcommand_from generate" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "generate" -d 'Print a new whsec_ secret (24 random bytes), or a whsk_/whpk_ key pair'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and not __fish_seen_subcommand_from show schema help" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and not __fish_seen_subcommand_from show schema help" -l json -d 'Print JSON'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and not __fish_seen_subcommand_from show schema help" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and not __fish_seen_subcommand_from show schema help" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and not __fish_seen_subcommand_from show schema help" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and not __fish_seen_subcommand_from show schema help" -f -a "show" -d 'Print a sample payload of a type, with a fresh job id and timestamp'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and not __fish_seen_subcommand_from show schema help" -f -a "schema" -d 'Print a JSON Schema of the event envelope'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and not __fish_seen_subcommand_from show schema help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and __fish_seen_subcommand_from show" -l set -d 'Override a field: data.pages_processed=40 (value parsed as JSON when it parses)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and __fish_seen_subcommand_from show" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and __fish_seen_subcommand_from show" -l compact -d 'One line instead of indented JSON'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and __fish_seen_subcommand_from schema" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and __fish_seen_subcommand_from schema" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and __fish_seen_subcommand_from schema" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and __fish_seen_subcommand_from schema" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print a sample payload of a type, with a fresh job id and timestamp'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "schema" -d 'Print a JSON Schema of the event envelope'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand portal" -l api-key -d 'Pulse API key [default: PULSE_API_KEY, the config file, the Pulse CLI\'s ~/.pulse/config.toml]' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand portal" -l api-url -d 'Pulse API base URL [default: PULSE_API_URL, the config files, https://api.runpulse.com]' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand portal" -l timeout -d 'Time allowed for each attempt' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand portal" -l retries -d 'Attempts after the first, on connection errors, 408, 429 and 5xx' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand portal" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand portal" -l open -d 'Open the link in the browser'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand portal" -l json -d 'Print `{\\"link\\": …}`'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand portal" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand portal" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand portal" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and not __fish_seen_subcommand_from get cancel help" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and not __fish_seen_subcommand_from get cancel help" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and not __fish_seen_subcommand_from get cancel help" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and not __fish_seen_subcommand_from get cancel help" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and not __fish_seen_subcommand_from get cancel help" -f -a "get" -d 'Show a job: status, times, error and a summary of its result'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and not __fish_seen_subcommand_from get cancel help" -f -a "cancel" -d 'Ask Pulse to cancel a job (finished jobs stay as they are)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and not __fish_seen_subcommand_from get cancel help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from get" -l api-key -d 'Pulse API key [default: PULSE_API_KEY, the config file, the Pulse CLI\'s ~/.pulse/config.toml]' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from get" -l api-url -d 'Pulse API base URL [default: PULSE_API_URL, the config files, https://api.runpulse.com]' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from get" -l timeout -d 'Time allowed for each attempt' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from get" -l retries -d 'Attempts after the first, on connection errors, 408, 429 and 5xx' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from get" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from get" -l json -d 'Print the API\'s JSON body as it came'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from get" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l api-key -d 'Pulse API key [default: PULSE_API_KEY, the config file, the Pulse CLI\'s ~/.pulse/config.toml]' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l api-url -d 'Pulse API base URL [default: PULSE_API_URL, the config files, https://api.runpulse.com]' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l timeout -d 'Time allowed for each attempt' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l retries -d 'Attempts after the first, on connection errors, 408, 429 and 5xx' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l json -d 'Print the API\'s JSON body as it came'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show a job: status, times, error and a summary of its result'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Ask Pulse to cancel a job (finished jobs stay as they are)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and not __fish_seen_subcommand_from init show path help" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and not __fish_seen_subcommand_from init show path help" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and not __fish_seen_subcommand_from init show path help" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and not __fish_seen_subcommand_from init show path help" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and not __fish_seen_subcommand_from init show path help" -f -a "init" -d 'Write the config file: API key, signing secret, API URL (asks on a terminal)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and not __fish_seen_subcommand_from init show path help" -f -a "show" -d 'Show the settings in use and where each came from (secrets redacted)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and not __fish_seen_subcommand_from init show path help" -f -a "path" -d 'Print the config file\'s path'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and not __fish_seen_subcommand_from init show path help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from init" -l api-key -d 'The Pulse API key to save' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from init" -l webhook-secret -d 'The webhook signing secret to save (whsec_…, from the Pulse portal)' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from init" -l api-url -d 'The API URL to save' -r
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from init" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from init" -l force -d 'Replace an existing file without asking'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from init" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print JSON'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from path" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from path" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write the config file: API key, signing secret, API URL (asks on a terminal)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the settings in use and where each came from (secrets redacted)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the config file\'s path'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand completions" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand completions" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand completions" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand completions" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand man" -l color -d 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand man" -l no-input -d 'Never prompt; fail with a hint instead (also when CI is set)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand man" -s h -l help -d 'Print help'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand man" -s V -l version -d 'Print version'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send replay sign verify secret events portal jobs config completions man help" -f -a "listen" -d 'Receive webhooks locally: verify, pretty-print, save and forward them'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send replay sign verify secret events portal jobs config completions man help" -f -a "send" -d 'Sign and deliver a realistic test event, with retries'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send replay sign verify secret events portal jobs config completions man help" -f -a "replay" -d 'Re-send captured requests: re-signed with a fresh timestamp, or as they were'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send replay sign verify secret events portal jobs config completions man help" -f -a "sign" -d 'Sign a payload exactly as Pulse would, for `curl -H @-` and friends'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send replay sign verify secret events portal jobs config completions man help" -f -a "verify" -d 'Verify captured requests (files, folders, stdin) or one message given by flags'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send replay sign verify secret events portal jobs config completions man help" -f -a "secret" -d 'Signing secrets and keys'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send replay sign verify secret events portal jobs config completions man help" -f -a "events" -d 'The Pulse event types: list them, show a sample, print the schema'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send replay sign verify secret events portal jobs config completions man help" -f -a "portal" -d 'Get the link to Pulse\'s webhook portal (add endpoints, filter events, read delivery logs)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send replay sign verify secret events portal jobs config completions man help" -f -a "jobs" -d 'Look at or cancel a Pulse job'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send replay sign verify secret events portal jobs config completions man help" -f -a "config" -d 'This tool\'s settings: write the config file, show what is in use, print the file\'s path'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send replay sign verify secret events portal jobs config completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send replay sign verify secret events portal jobs config completions man help" -f -a "man" -d 'Print the man page (roff)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send replay sign verify secret events portal jobs config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "generate" -d 'Print a new whsec_ secret (24 random bytes), or a whsk_/whpk_ key pair'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "show" -d 'Print a sample payload of a type, with a fresh job id and timestamp'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "schema" -d 'Print a JSON Schema of the event envelope'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "get" -d 'Show a job: status, times, error and a summary of its result'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "cancel" -d 'Ask Pulse to cancel a job (finished jobs stay as they are)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Write the config file: API key, signing secret, API URL (asks on a terminal)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Show the settings in use and where each came from (secrets redacted)'
complete -c pulse-hooks -n "__fish_pulse_hooks_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print the config file\'s path'
