# One node: containers and shims need not name it.

node only { docker "unix:///var/run/docker.sock" }

network lan {
  parent eth0
  subnet 192.168.1.0/24 gateway 192.168.1.1 range 192.168.1.128/25
}

container web { image "nginx:1.27-alpine"; network lan ip 192.168.1.10 }
shim lan-host { network lan; address 192.168.1.250/32 }
