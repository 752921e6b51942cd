# invalid-mount: container paths that are not absolute, and a mount with
# too many parts. Near misses: binds from /, ./, ../ and ~/, a named
# volume, an anonymous one, read-only.

volume data
network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
container a {
  image "alpine:3.20"
  network lan
  volume data:srv                            #! invalid-mount
  volume ./a:/b:ro:z                         #! invalid-mount
  tmpfs run                                  #! invalid-mount
  workdir srv                                #! invalid-mount
}
container b {
  image "alpine:3.20"
  network lan
  volume data:/srv:ro
  volume /etc/hosts:/etc/hosts.host:ro
  volume ./conf:/etc/conf
  volume ../shared:/shared
  volume ~/media:/media
  volume /cache
  workdir /srv
}
