#!/bin/bash
echo "Hello from runbox"
python3 -c 'print(6 * 7)'
