# Version 2's settings, as LANGUAGE.md shows them: every one lints clean.

network lan { parent eth0; subnet 192.168.1.0/24 gateway 192.168.1.1 }
network wifi {
  driver ipvlan                 # macvlan (default) | ipvlan | bridge
  mode l2
  parent wlp2s0
  subnet 192.168.7.0/24 gateway 192.168.7.1
}
network backend { driver bridge }
network homelan {
  external
  name "homelan"
  subnet 10.44.0.0/24
}
volume data
volume media { external; name "media" }
container db { image "postgres:16"; network lan ip 192.168.1.20; health { test shell "pg_isready" } }
container dns {
  name "dns"
  image "pihole/pihole:2024.07.0"
  pull missing
  entrypoint "/init"
  user "1000:1000"
  workdir /srv
  env-file "app.env"
  volume data:/etc/pihole
  volume ./dnsmasq.d:/etc/dnsmasq.d:ro
  tmpfs /run
  tmpfs /tmp { size 64m }
  cap-add NET_ADMIN NET_RAW
  cap-drop MKNOD
  device /dev/net/tun
  privileged
  init
  sysctl net.ipv4.ip_forward = 1
  dns 127.0.0.1 1.1.1.1
  dns-search lan
  dns-option ndots:2
  extra-host nas.lan = 10.99.0.2
  security-opt "no-new-privileges:true"
  label team = "netops"
  stop-signal SIGINT
  stop-grace 30s
  health {
    test "CMD" "dig" "@127.0.0.1" "pi.hole"
    interval 10s; timeout 5s; retries 3; start-period 30s
  }
  depends-on db healthy
  memory 512m
  cpus 1.5
  shm-size 64m
  pids-limit 200
  publish 8080:80
  log json-file { max-size 10m; max-file 3 }
  network lan ip 192.168.1.53
  network backend
  network wifi
  network homelan
  gateway lan
  restart unless-stopped
}
