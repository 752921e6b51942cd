project bad
network Ã( { parent ÿ }
