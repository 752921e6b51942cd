# A minimal valid file: one network, one container.
network lan { parent eth0; subnet 192.168.1.0/24 gateway 192.168.1.1 }
container web { image "nginx:1.27-alpine"; network lan }
