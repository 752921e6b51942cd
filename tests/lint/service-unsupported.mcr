# service-unsupported: service settings Swarm cannot give a task (static
# addresses, privileged, devices, build, depends-on, gateway, node,
# shm-size, security-opt, pull, publish on one address), and networks a service cannot join (bridge,
# external). Settings Swarm takes are near misses.

node m1 { docker "unix:///run/m1/docker.sock" }
node m2 { docker "unix:///run/m2/docker.sock" }

network lan {
  parent eth0
  subnet 192.168.1.0/24 gateway 192.168.1.1 range 192.168.1.128/25
}
network local { driver bridge; subnet 172.30.0.0/24 gateway 172.30.0.1 }
network corp { external }

container db { node m1; image "postgres:16"; network lan }

service api {
  image "traefik/whoami:v1.10"
  replicas 3
  network lan ip 192.168.1.10                #! service-unsupported
  network local                              #! service-unsupported
  network corp                               #! service-unsupported
  privileged                                 #! service-unsupported
  device /dev/net/tun                        #! service-unsupported
  depends-on db                              #! service-unsupported
  gateway lan                                #! service-unsupported
  node m1                                    #! service-unsupported
  shm-size 64m                               #! service-unsupported
  security-opt "no-new-privileges"           #! service-unsupported
  pull always                                #! service-unsupported
  publish 127.0.0.1:8080:80                  #! service-unsupported
}
service built {
  build "./app"                              #! service-unsupported
  network lan { mac 02:42:c0:a8:01:0b }      #! service-unsupported
}

service fine {
  image "traefik/whoami:v1.10"
  replicas global
  network lan { alias whoami }
  placement "node.role==worker"
  env PORT = "8080"
  cap-add NET_ADMIN
  read-only
  init
  memory 64m
  publish 8080:80
  health { test "CMD" "true"; interval 10s }
}
