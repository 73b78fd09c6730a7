"""The firm's inbox and telling people: pushes (为您推荐) and what firms do with them, the daily or
weekly digest, news of followed items and saved searches, in-app notifications and e-mail."""
