# unknown-security-opt: an option the engine does not read. Near misses:
# the usual ones.

network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
container a {
  image "alpine:3.20"
  network lan
  security-opt "nonewprivileges"             #! unknown-security-opt
  security-opt "no-new-privileges:true" "seccomp=unconfined" "apparmor=unconfined"
}
