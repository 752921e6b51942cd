# One LAN, two projects (half 2 of 2): the network is shared-infra.mcr's.
# Declared `external` with its subnet, so that the linter checks the
# addresses on it and plan checks that the network exists as declared;
# never created, changed or removed from here.

project apps

network homelan {
  external
  name "homelan"
  driver macvlan
  parent eth0
  subnet 10.44.0.0/24
}

container jellyfin {
  image "jellyfin/jellyfin:10.9.7"
  volume media:/media:ro
  volume jellyfin-config:/config
  network homelan ip 10.44.0.20
  restart unless-stopped
}

volume media { external; name "media" }   # the NAS's: never removed from here
volume jellyfin-config
