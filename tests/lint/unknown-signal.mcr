# unknown-signal: a stop signal that is none. Near misses: with and
# without SIG, a number, a realtime signal.

network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
container a { image "alpine:3.20"; network lan; stop-signal SIGSTOPP }   #! unknown-signal
container b { image "alpine:3.20"; network lan; stop-signal SIGINT }
container c { image "alpine:3.20"; network lan; stop-signal QUIT }
container d { image "alpine:3.20"; network lan; stop-signal 15 }
container e { image "alpine:3.20"; network lan; stop-signal SIGRTMIN+3 }
