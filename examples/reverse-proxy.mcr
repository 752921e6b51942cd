# A reverse proxy with a LAN address of its own and a private side, as
# Traefik and nginx stacks do it (compose-corpus 05, 11, 15): the proxy on
# macvlan, where the LAN reaches it at 192.168.1.80, and on a plain bridge
# with the applications, which have no LAN address at all. `gateway lan`
# keeps the proxy's default route on the LAN; its dashboard is published on
# the host's loopback through the bridge.

project proxy

parent eth0

network lan {
  parent eth0
  subnet 192.168.1.0/24 gateway 192.168.1.1
}

network backend {
  driver bridge
  subnet 172.28.10.0/24
}

container traefik {
  image "traefik:v3.1"
  command "--providers.docker=true" "--entrypoints.web.address=:80" "--api.insecure=true"
  volume /var/run/docker.sock:/var/run/docker.sock:ro
  security-opt "no-new-privileges:true"
  network lan ip 192.168.1.80
  network backend ip 172.28.10.2
  gateway lan
  publish 127.0.0.1:8080:8080       # the dashboard, for the host alone
  restart unless-stopped
}

container whoami {
  image "traefik/whoami:v1.10"
  label traefik.http.routers.whoami.rule = "Host(`whoami.lan`)"
  network backend ip 172.28.10.10
  restart unless-stopped
}

container blog {
  image "ghost:5-alpine"
  env url = "http://blog.lan"
  volume ghost:/var/lib/ghost/content
  label traefik.http.routers.blog.rule = "Host(`blog.lan`)"
  network backend ip 172.28.10.11
  depends-on whoami
  restart unless-stopped
}

volume ghost
