from swgtui.cli import main

main()
