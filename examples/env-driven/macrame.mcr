# Everything host-specific from the environment, else from `.env` beside
# this file, as Compose files do it (compose-corpus 12, 24, 29, 35):
# `NIC=enp3s0 macrame up` on one host, the `.env` defaults on another.
# `macrame config` prints the file as it reads here.

project home

parent ${NIC}

network lan {
  parent ${NIC}
  subnet ${NET}.0/24 {
    gateway ${NET}.${GATEWAY_HOST:-1}
    range ${NET}.${RANGE:-192/27}
  }
}

container dns {
  image "pihole/pihole:${PIHOLE_TAG:-2024.07.0}"
  env TZ = "${TZ:-UTC}"
  env WEBPASSWORD = "${PIHOLE_PASSWORD:?set PIHOLE_PASSWORD in .env}"
  cap-add NET_ADMIN
  network lan ip ${NET}.53
  restart unless-stopped
}
