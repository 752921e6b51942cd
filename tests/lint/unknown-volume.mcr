# unknown-volume: a mount names a volume the file does not declare. Near
# miss: a declared one, an external one.

volume data
volume media { external; name "media" }
network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
container a {
  image "alpine:3.20"
  network lan
  volume dta:/srv                            #! unknown-volume
  volume data:/data
  volume media:/media:ro
}
