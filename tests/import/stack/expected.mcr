# Imported by `macrame import` from compose.yaml, compose.override.yaml, common/base.yml.
# What Compose has no macrame equivalent for is kept below as comments.

project shop

# Docker makes `eth0.30` itself when it is missing; here it is the project's own.
vlan eth0.30 {
  parent eth0
  id 30
}

network lan {
  parent eth0.30
  subnet 192.168.30.0/24 {
    gateway 192.168.30.1
    range 192.168.30.192/27
    # compose aux address host = 192.168.30.250 (now the shim's own)
  }
}

network backend {
  driver bridge
  subnet 172.29.0.0/24
}

network homelan {
  external
  name "homelan"
}

volume data

volume media {
  external
  name "media-library"
}

# From the Compose service `lan-shim` (network_mode: host), which ran
# `ip link add mv-shop link eth0.30 type macvlan` by hand. A shim is made,
# reserved in the network's addresses and removed by macrame.
shim mv-shop {
  network lan
  address 192.168.30.250/32
  route 192.168.30.192/27
}

container web {
  image "nginx:1.27-alpine"
  command "nginx" "-g" "daemon off;"
  env TZ = "Europe/Berlin"
  env GREETING = "cost $$5"
  label traefik.enable = "true"
  depends-on db healthy
  health {
    test shell "curl -fs http://localhost/"
    interval 10s
    retries 3
  }
  restart unless-stopped
  network lan ip 192.168.30.10
  network backend ip 172.29.0.10 alias www
  gateway lan
}

container db {
  image "postgres:16"
  restart always
  env-file "./common/db.env"
  volume ./common/initdb:/docker-entrypoint-initdb.d:ro
  volume data:/var/lib/postgresql/data
  volume /cache
  cap-add CHOWN SYS_NICE
  health {
    test shell "pg_isready -U shop"
    interval 5s
    start-period 30s
  }
  network backend ip 172.29.0.20
}

# Compose starts this service only with its profile; macrame always does.
container player {
  image "jellyfin/jellyfin:10.9.7"
  volume media:/media:ro
  tmpfs /cache {
    size 64m
  }
  publish 8096:8096
  # compose `deploy` (line 90): not imported: swarm deployment settings (write limits as `memory`, `cpus`, `pids-limit`)
  network homelan ip 10.44.0.20 mac 02:42:c0:a8:1e:14
}

container vpn-client {
  image "qmcgaw/gluetun:v3"
  # compose `network_mode` (line 97): not imported: `service:web`: a macrame container has its own network namespace; imported with no network (as `none`)
}
