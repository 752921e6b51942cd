project lab
network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
volume data
volume cache
volume media { external; name "media" }
container db { image "postgres:16"; network lan ip 10.1.0.10; volume data:/var/lib/postgresql/data; volume cache:/cache; volume media:/media:ro }
