def main() -> None:
    print("reconciling")
