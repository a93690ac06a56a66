def run(currency: str) -> None:
    print(f"invoicing in {currency}")
