# Imported by `macrame import` from compose.yaml.
# What Compose has no macrame equivalent for is kept below as comments.

project keep-variables

network lan {
  driver ipvlan
  parent ${NIC:-eth0}
  mode l2
  subnet ${SUBNET} {
    gateway ${GATEWAY}
  }
}

container dns {
  image "pihole/pihole:${PIHOLE_TAG:-2024.07.0}"
  env WEBPASSWORD = "${WEBPASSWORD:?set the admin password}"
  network lan ip ${DNS_IP}
}
