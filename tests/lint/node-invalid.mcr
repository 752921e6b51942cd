# node-invalid: a node without a `docker` address, an address that is not
# unix://, tcp:// or ssh://, a relative socket path, TLS on a socket, a TLS
# file that is not there, a tls block without all of ca, cert and key. Every good form is a
# near miss.

node a                                                         #! node-invalid
node b { docker "http://10.0.0.2:2375" }                       #! node-invalid
node c { docker "unix://run/docker.sock" }                     #! node-invalid
node d { docker "unix:///run/docker.sock"; tls { ca "/etc/hostname" } }   #! node-invalid
node e { docker "tcp://10.0.0.5:2376"; tls { ca "/nonexistent/ca.pem" } } #! node-invalid
node f {
  docker "tcp://10.0.0.6:2376"
  tls {                                                        #! node-invalid
    ca "/etc/hostname"
    cert "/etc/hostname"
  }
}
node g { docker "tcp://10.0.0.7:notaport" }                    #! node-invalid

node ok1 { docker "unix:///var/run/docker.sock" }
node ok2 { docker "tcp://10.0.0.8" }
node ok3 { docker "tcp://10.0.0.9:2376"; tls { ca "/etc/hostname"; cert "/etc/hostname"; key "/etc/hostname" } }
node ok4 { docker "ssh://admin@10.0.0.10:2222" }
node ok5 { docker "ssh://10.0.0.11" }

# What names an invalid node still resolves (once a panic of the linter).
network lan { parent eth0 on b; subnet 10.9.0.0/24 gateway 10.9.0.1 }   #! node-parent-missing
container x { node c; image "alpine:3.20"; network lan }
